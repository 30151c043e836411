<#-- The recovery-code step of the pack. Plain markup with the login theme's own classes,
     so it looks right in whatever login theme the realm uses. -->
<#import "template.ftl" as layout>
<#import "kcpack-trust.ftl" as trust>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('recoveryCode'); section>
    <#if section = "header">
        ${msg("kcpackRecoveryCodeTitle")}
    <#elseif section = "form">
        <form id="kcpack-recovery-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}">
                <label for="recoveryCode" class="${properties.kcLabelClass!}">${msg("kcpackRecoveryCodeLabel")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="recoveryCode" name="recoveryCode" type="text" autocomplete="one-time-code"
                           autocapitalize="none" spellcheck="false" autofocus
                           aria-invalid="<#if messagesPerField.existsError('recoveryCode')>true</#if>"/>
                </span>
                <#if messagesPerField.existsError('recoveryCode')>
                    <span id="input-error-recovery-code" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                        ${kcSanitize(messagesPerField.get('recoveryCode'))?no_esc}
                    </span>
                </#if>
                <p class="${properties.kcInputHelperTextClass!}">${msg("kcpackRecoveryCodeHelp")}</p>
            </div>
            <@trust.choice/>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       name="login" id="kc-login" type="submit" value="${msg("doLogIn")}"/>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
