<#-- Sent to the old address after an account moved to a new one. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-family:Helvetica,Arial,sans-serif;color:#1f2328">
  <tr><td align="center">
    <table role="presentation" width="480" cellpadding="0" cellspacing="0" style="max-width:480px;border:1px solid #d0d7de;border-radius:8px">
      <tr><td style="background:${brand.primaryColor};color:#ffffff;padding:16px 24px;border-radius:8px 8px 0 0;font-size:20px;font-weight:bold">${brand.brandName}</td></tr>
      <tr><td style="padding:24px">
        <p style="margin:0 0 16px">${msg("kcpackEmailChangedBody", brand.brandName, newEmail)}</p>
        <p style="margin:0;color:#57606a;font-size:13px">${msg("kcpackEmailChangedNotYou")}</p>
      </td></tr>
    </table>
  </td></tr>
</table>
</@layout.emailLayout>
