package dev.kcpack.adminconsole;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.settings.Setting;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The tab "kcpack" under Realm settings: every {@link Setting}, stored as one component of
 * the realm. Keycloak's declarative admin UI draws the form from {@link #getConfigProperties};
 * each save, admin REST call or realm import is checked by {@link #problems} first, so
 * a value the pack would not use is refused with the rule it breaks.
 */
public final class SettingsTabFactory extends CheckedPageFactory implements UiTabProviderFactory<Object>, OnSupportedKeycloak {

    /** The admin console's route of the realm settings and the tab's name in it. */
    static final String PATH = "/:realm/realm-settings/:tab?";
    static final String TAB = "kcpack";

    @Override
    public String getId() {
        return PackSettings.TAB_PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Settings of the kcpack second-factor and password pack for this realm.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return Arrays.stream(Setting.values()).map(SettingsTabFactory::property).toList();
    }

    @Override
    List<String> problems(RealmModel realm, ComponentModel model) {
        List<String> problems = new ArrayList<>(PackSettings.problems(model.getConfig()));
        boolean another = realm.getComponentsStream(realm.getId(), PackSettings.TAB_PROVIDER_TYPE)
                .anyMatch(c -> getId().equals(c.getProviderId()) && !c.getId().equals(model.getId()));
        if (another) {
            problems.add("This realm has its kcpack settings already; change those.");
        }
        return problems;
    }

    @Override
    public String getPath() {
        return PATH;
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", TAB);
    }

    private static ProviderConfigProperty property(Setting setting) {
        String type = switch (setting.kind()) {
            // The admin console of 26.7 draws numbers as text fields; the server checks the digits.
            case NUMBER, SECONDS, TEXT -> ProviderConfigProperty.STRING_TYPE;
            case SWITCH -> ProviderConfigProperty.BOOLEAN_TYPE;
            case DOMAINS -> ProviderConfigProperty.MULTIVALUED_STRING_TYPE;
        };
        String defaultValue = setting.defaultValue().isEmpty() ? null : setting.defaultValue();
        return new ProviderConfigProperty(setting.key(), setting.label(), setting.help(), type, defaultValue);
    }
}
