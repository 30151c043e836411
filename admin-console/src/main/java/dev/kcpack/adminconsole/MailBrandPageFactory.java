package dev.kcpack.adminconsole;

import dev.kcpack.core.compat.OnSupportedKeycloak;
import java.util.List;
import java.util.Map;

import dev.kcpack.core.mail.MailBrand;
import dev.kcpack.core.mail.MailBrands;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The page "Mail brands" of the admin console: a list of the realm's {@link MailBrand}s, one
 * component each, added, edited and deleted there (or over admin REST, or in the realm's JSON);
 * every write is checked by {@link MailBrands#problems}.
 */
public final class MailBrandPageFactory extends CheckedPageFactory implements UiPageProviderFactory<Object>, OnSupportedKeycloak {

    @Override
    public String getId() {
        return MailBrand.PAGE_PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Brands of the pack's mails: a request's origin picks one.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MailBrand.ORIGIN).label("Origin").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The name apps send as ?origin= (lower-case letters, digits, dashes).").required(true).add()
                .property().name(MailBrand.BRAND_NAME).label("Brand name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The product's name in the subject and text of the mail.").required(true).add()
                .property().name(MailBrand.SENDER_NAME).label("Sender name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The name in the From header; empty: the realm's sender name.").add()
                .property().name(MailBrand.PRIMARY_COLOR).label("Primary colour").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("#rrggbb of the code box and links; empty: blue.").add()
                .property().name(MailBrand.PRODUCT_URL).label("Product URL").type(ProviderConfigProperty.URL_TYPE)
                .helpText("Where the mail's footer links to; may be empty.").add()
                .build();
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(MailBrand.ORIGIN, MailBrand.BRAND_NAME, MailBrand.SENDER_NAME));
    }

    @Override
    List<String> problems(RealmModel realm, ComponentModel model) {
        return MailBrands.problems(realm, model);
    }

}
