package dev.kcpack.core.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcpack.core.settings.PackSettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The realm's mail brands: its {@link MailBrand} components, and for a realm configured before
 * those existed, the old realm attribute {@code kcpack.mail.origins} (a JSON object), read only
 * for origins no component names.
 */
public final class MailBrands {

    static final String OLD_ATTRIBUTE = PackSettings.ATTRIBUTE_PREFIX + "mail.origins";

    private MailBrands() {
    }

    /** The brand of {@code origin}, if the realm has one. */
    public static Optional<MailBrand> find(RealmModel realm, String origin) {
        Optional<MailBrand> component = components(realm)
                .map(c -> MailBrand.of(c.getConfig()))
                .filter(b -> b.origin().equals(origin))
                .findFirst();
        return component.isPresent() ? component : old(realm, origin);
    }

    /** The realm's brand components, as brands. */
    public static List<MailBrand> all(RealmModel realm) {
        return components(realm).map(c -> MailBrand.of(c.getConfig())).toList();
    }

    /** What is wrong with a brand component about to be written: its own values, and an origin another brand has. */
    public static List<String> problems(RealmModel realm, ComponentModel written) {
        MailBrand brand = MailBrand.of(written.getConfig());
        List<String> problems = new ArrayList<>(brand.problems());
        boolean taken = components(realm)
                .filter(c -> !c.getId().equals(written.getId()))
                .anyMatch(c -> MailBrand.of(c.getConfig()).origin().equals(brand.origin()));
        if (taken) {
            problems.add("Origin: another brand of this realm is called " + brand.origin() + ".");
        }
        return problems;
    }

    private static Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), MailBrand.PAGE_PROVIDER_TYPE)
                .filter(c -> MailBrand.PAGE_PROVIDER_ID.equals(c.getProviderId()));
    }

    private static Optional<MailBrand> old(RealmModel realm, String origin) {
        String json = realm.getAttribute(OLD_ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JsonSerialization.mapper.readTree(json).get(origin);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            MailBrand brand = new MailBrand(origin, node.path(MailBrand.BRAND_NAME).asText(realm.getName()),
                    node.path(MailBrand.SENDER_NAME).asText(""), node.path(MailBrand.PRIMARY_COLOR).asText(""),
                    node.path(MailBrand.PRODUCT_URL).asText(""));
            return brand.problems().isEmpty() ? Optional.of(brand) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
