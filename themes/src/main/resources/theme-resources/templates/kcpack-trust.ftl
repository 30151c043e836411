<#-- "Trust this browser": included by the pack's second-factor pages; shown only when the
     realm offers it (the step sets kcpackTrustDays). -->
<#macro choice>
    <#if kcpackTrustDays??>
        <div class="${properties.kcFormGroupClass!}">
            <div class="${properties.kcCheckboxClass!'pf-v5-c-check'}">
                <input class="${properties.kcCheckboxInputClass!'pf-v5-c-check__input'}" type="checkbox"
                       id="kcpackTrustBrowser" name="kcpackTrustBrowser" value="on"/>
                <label for="kcpackTrustBrowser" class="${properties.kcCheckboxLabelClass!'pf-v5-c-check__label'}">
                    ${msg("kcpackTrustBrowser", kcpackTrustDays)}
                </label>
            </div>
        </div>
    </#if>
</#macro>
