<#ftl output_format="plainText">
${brand.brandName}

${msg("kcpackEmailChangedBody", brand.brandName, newEmail)}

${msg("kcpackEmailChangedNotYou")}
