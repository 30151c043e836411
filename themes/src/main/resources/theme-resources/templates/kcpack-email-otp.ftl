<#-- The email-OTP step of the pack: a code was mailed to the user's address. -->
<#import "template.ftl" as layout>
<#import "kcpack-trust.ftl" as trust>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
    <#if section = "header">
        ${msg("kcpackEmailOtpTitle")}
    <#elseif section = "form">
        <#if codeSent>
            <p id="kcpack-email-otp-sent-to">${msg("kcpackEmailOtpInstruction", maskedEmail)}</p>
        <#else>
            <p id="kcpack-email-otp-not-sent">${msg("kcpackEmailOtpNotSent", maskedEmail)}</p>
        </#if>
        <form id="kcpack-email-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}">
                <label for="otp" class="${properties.kcLabelClass!}">${msg("kcpackEmailOtpLabel")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code"
                           maxlength="6" autofocus aria-invalid="<#if messagesPerField.existsError('otp')>true</#if>"/>
                </span>
                <#if messagesPerField.existsError('otp')>
                    <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                        ${kcSanitize(messagesPerField.get('otp'))?no_esc}
                    </span>
                </#if>
            </div>
            <@trust.choice/>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       name="login" id="kc-login" type="submit" value="${msg("doLogIn")}"/>
            </div>
        </form>
        <form id="kcpack-email-otp-resend-form" action="${url.loginAction}" method="post">
            <#if resendWait gt 0>
                <p id="kcpack-resend-wait" class="${properties.kcInputHelperTextClass!}">${msg("kcpackEmailOtpResendWait", resendWait)}</p>
            <#else>
                <input type="hidden" name="resend" value="true"/>
                <input id="kcpack-resend" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                       value="${msg("kcpackEmailOtpResend")}"/>
            </#if>
        </form>
    </#if>
</@layout.registrationLayout>
