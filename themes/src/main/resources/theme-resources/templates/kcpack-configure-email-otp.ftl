<#-- Required action: set up email OTP (address, then the mailed code). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email','otp'); section>
    <#if section = "header">
        ${msg("kcpackConfigureEmailOtpTitle")}
    <#elseif section = "form">
        <#if step == "address">
            <p>${msg("kcpackConfigureEmailOtpIntro")}</p>
            <form id="kcpack-configure-email-otp-address-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="email" class="${properties.kcLabelClass!}">${msg("email")}</label>
                    <span class="${properties.kcInputClass!}">
                        <input id="email" name="email" type="email" autocomplete="email" value="${email!''}" autofocus
                               aria-invalid="<#if messagesPerField.existsError('email')>true</#if>"/>
                    </span>
                    <#if messagesPerField.existsError('email')>
                        <span id="input-error-email" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                            ${kcSanitize(messagesPerField.get('email'))?no_esc}
                        </span>
                    </#if>
                </div>
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           id="kcpack-send-code" type="submit" value="${msg("kcpackConfigureEmailOtpSend")}"/>
                </div>
            </form>
        <#else>
            <p id="kcpack-email-otp-sent-to">${msg("kcpackEmailOtpInstruction", maskedEmail)}</p>
            <form id="kcpack-configure-email-otp-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="otp" class="${properties.kcLabelClass!}">${msg("kcpackEmailOtpLabel")}</label>
                    <span class="${properties.kcInputClass!}">
                        <input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" autofocus
                               aria-invalid="<#if messagesPerField.existsError('otp')>true</#if>"/>
                    </span>
                    <#if messagesPerField.existsError('otp')>
                        <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                            ${kcSanitize(messagesPerField.get('otp'))?no_esc}
                        </span>
                    </#if>
                </div>
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           id="kcpack-activate" type="submit" value="${msg("doSubmit")}"/>
                </div>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
