<#-- Shown after a login with a recovery code when only a few codes are left. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("kcpackRecoveryCodesLowTitle")}
    <#elseif section = "form">
        <div class="${properties.kcAlertClass!} pf-m-warning">
            <p id="kcpack-codes-left" class="${properties.kcAlertTitleClass!}">${msg("kcpackRecoveryCodesLowText", codesLeft)}</p>
        </div>
        <form id="kcpack-recovery-codes-low-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       name="continue" id="kcpack-continue" type="submit" value="${msg("doContinue")}"/>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
