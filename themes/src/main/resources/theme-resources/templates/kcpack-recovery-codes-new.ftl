<#-- Shown once, when a second factor switched 2FA on: the new recovery codes. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("kcpackRecoveryCodesNewTitle")}
    <#elseif section = "form">
        <p>${msg("kcpackRecoveryCodesNewText")}</p>
        <ol id="kcpack-recovery-codes" style="font-family:monospace;font-size:1.1em">
            <#list recoveryCodes as code><li>${code}</li></#list>
        </ol>
        <form id="kcpack-recovery-codes-new-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="hidden" name="acknowledged" value="true"/>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       id="kcpack-codes-saved" type="submit" value="${msg("kcpackRecoveryCodesSaved")}"/>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
