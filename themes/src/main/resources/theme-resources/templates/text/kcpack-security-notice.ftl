<#ftl output_format="plainText">
<#assign named = (notice == "factorAdded" || notice == "factorRemoved")?then(msg("kcpackNoticeFactor_" + what), what)>
${brand.brandName}

${msg("kcpackNoticeBody_" + notice, brand.brandName, named)}

${msg("kcpackNoticeWhen", when)}
<#if endedSessions?has_content>

${msg("kcpackNoticeSessionsEnded", endedSessions?size, endedSessions?join(", "))}
</#if>

${msg("kcpackNoticeNotYou", accountPage)}
<#if brand.productUrl?has_content>

${brand.productUrl}
</#if>
