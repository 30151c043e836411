<#ftl output_format="plainText">
${brand.brandName}

${msg("kcpackCodeIntro_" + purpose, brand.brandName)}

    ${code}

${msg("kcpackCodeValidity", minutes)}

${msg("kcpackCodeNotYou")}
<#if brand.productUrl?has_content>

${brand.productUrl}
</#if>
