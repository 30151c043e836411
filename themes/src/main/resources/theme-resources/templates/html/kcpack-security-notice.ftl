<#-- A security notice: the account's sign-in changed (#21). No code, no secret, no link that acts on the account. -->
<#import "template.ftl" as layout>
<#assign named = (notice == "factorAdded" || notice == "factorRemoved")?then(msg("kcpackNoticeFactor_" + what), what)>
<@layout.emailLayout>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-family:Helvetica,Arial,sans-serif;color:#1f2328" data-kcpack-notice="${notice}">
  <tr><td align="center">
    <table role="presentation" width="480" cellpadding="0" cellspacing="0" style="max-width:480px;border:1px solid #d0d7de;border-radius:8px">
      <tr><td style="background:${brand.primaryColor};color:#ffffff;padding:16px 24px;border-radius:8px 8px 0 0;font-size:20px;font-weight:bold">${brand.brandName}</td></tr>
      <tr><td style="padding:24px">
        <p style="margin:0 0 16px">${msg("kcpackNoticeBody_" + notice, brand.brandName, named)}</p>
        <p style="margin:0 0 16px">${msg("kcpackNoticeWhen", when)}</p>
        <#if endedSessions?has_content>
        <p style="margin:0 0 16px" data-kcpack-ended-sessions="${endedSessions?size}">${msg("kcpackNoticeSessionsEnded", endedSessions?size, endedSessions?join(", "))}</p>
        </#if>
        <p style="margin:0;color:#57606a;font-size:13px">${msg("kcpackNoticeNotYou", accountPage)}</p>
      </td></tr>
      <#if brand.productUrl?has_content>
      <tr><td style="padding:0 24px 24px"><a href="${brand.productUrl}" style="color:${brand.primaryColor}">${brand.productUrl}</a></td></tr>
      </#if>
    </table>
  </td></tr>
</table>
</@layout.emailLayout>
