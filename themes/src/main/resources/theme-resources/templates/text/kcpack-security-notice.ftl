<#ftl output_format="plainText">
<#assign named = (notice == "factorAdded" || notice == "factorRemoved")?then(msg("kcpackNoticeFactor_" + what), what)>
${brand.brandName}

${msg("kcpackNoticeBody_" + notice, brand.brandName, named)}

${msg("kcpackNoticeWhen", when)}

${msg("kcpackNoticeNotYou", accountPage)}
<#if brand.productUrl?has_content>

${brand.productUrl}
</#if>
