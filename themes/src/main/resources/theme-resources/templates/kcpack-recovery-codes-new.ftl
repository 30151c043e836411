<#-- Shown once, when a second factor switched 2FA on: the new recovery codes, with a way to
     keep them (copy, download) before they are gone. The theme's own panel, list and link
     button classes, so it looks like the login theme's other pages. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("kcpackRecoveryCodesNewTitle")}
    <#elseif section = "form">
        <p>${msg("kcpackRecoveryCodesNewText")}</p>
        <div class="${properties.kcPanelClass!}">
            <div class="${properties.kcPanelMainClass!}">
                <div class="${properties.kcPanelMainBodyClass!}">
                    <ol id="kcpack-recovery-codes" class="${properties.kcListClass!}" role="list"
                        style="font-family:monospace;font-size:1.1em">
                        <#list recoveryCodes as code><li>${code}</li></#list>
                    </ol>
                </div>
            </div>
        </div>
        <div class="${properties.kcRecoveryCodesActions!}">
            <button id="kcpack-codes-copy" class="${properties.kcButtonLinkClass!}" type="button">
                ${msg("kcpackRecoveryCodesCopy")}
            </button>
            <button id="kcpack-codes-download" class="${properties.kcButtonLinkClass!}" type="button"
                    data-filename="${msg("kcpackRecoveryCodesFileName", (realm.displayName!realm.name))}.txt">
                ${msg("kcpackRecoveryCodesDownload")}
            </button>
        </div>
        <p id="kcpack-codes-status" class="${properties.kcInputHelperTextClass!}" aria-live="polite"></p>
        <form id="kcpack-recovery-codes-new-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="hidden" name="acknowledged" value="true"/>
            <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                       id="kcpack-codes-saved" type="submit" value="${msg("kcpackRecoveryCodesSaved")}"/>
            </div>
        </form>
        <script>
            <#outputformat "JavaScript">
            (function () {
                // One code a line, as the list shows them: what a password manager or a file keeps.
                function codesText() {
                    var items = document.querySelectorAll("#kcpack-recovery-codes li");
                    return Array.prototype.map.call(items, function (li) { return li.textContent.trim(); }).join("\n") + "\n";
                }
                function say(text) {
                    document.getElementById("kcpack-codes-status").textContent = text;
                }
                document.getElementById("kcpack-codes-copy").addEventListener("click", function () {
                    var text = codesText();
                    var copied = ${msg("kcpackRecoveryCodesCopied")?c};
                    if (navigator.clipboard && window.isSecureContext) {
                        navigator.clipboard.writeText(text).then(function () { say(copied); }, function () { fallback(text, copied); });
                    } else {
                        fallback(text, copied);
                    }
                });
                // Pages served over plain http outside localhost have no clipboard API.
                function fallback(text, copied) {
                    var area = document.createElement("textarea");
                    area.value = text;
                    area.setAttribute("readonly", "");
                    area.style.position = "absolute";
                    area.style.left = "-9999px";
                    document.body.appendChild(area);
                    area.select();
                    var done = document.execCommand("copy");
                    document.body.removeChild(area);
                    if (done) {
                        say(copied);
                    }
                }
                document.getElementById("kcpack-codes-download").addEventListener("click", function () {
                    var link = document.createElement("a");
                    link.href = URL.createObjectURL(new Blob([codesText()], {type: "text/plain;charset=utf-8"}));
                    link.download = this.getAttribute("data-filename");
                    link.id = "kcpack-codes-file";
                    link.style.display = "none";
                    document.body.appendChild(link);
                    link.click();
                });
            })();
            </#outputformat>
        </script>
    </#if>
</@layout.registrationLayout>
