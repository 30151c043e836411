package dev.kcpack.core.mail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One brand of the realm's mails, chosen by a request's {@code origin}: the name in the
 * subject and text, the sender's name, a colour and a link. A realm holds each as one
 * component (provider type {@link #PAGE_PROVIDER_TYPE}, id {@link #PAGE_PROVIDER_ID}), listed
 * and edited in the admin console's page "Mail brands", in the realm's JSON and behind the
 * admin REST API's {@code /components}; every write is checked by {@link #problems}.
 */
public record MailBrand(String origin, String brandName, String senderName, String primaryColor, String productUrl) {

    public static final String PAGE_PROVIDER_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    public static final String PAGE_PROVIDER_ID = "kcpack-mail-brands";

    public static final String ORIGIN = "origin";
    public static final String BRAND_NAME = "brandName";
    public static final String SENDER_NAME = "senderName";
    public static final String PRIMARY_COLOR = "primaryColor";
    public static final String PRODUCT_URL = "productUrl";

    static final String DEFAULT_COLOR = "#0066cc";

    private static final Pattern ORIGIN_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** The brand a component's config describes (checked by {@link #problems} when written). */
    public static MailBrand of(Map<String, List<String>> config) {
        return new MailBrand(first(config, ORIGIN), first(config, BRAND_NAME), first(config, SENDER_NAME),
                first(config, PRIMARY_COLOR), first(config, PRODUCT_URL));
    }

    /** What is wrong with this brand, one sentence per problem, in words for the admin. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (origin.isEmpty() || !ORIGIN_NAME.matcher(origin).matches()) {
            problems.add("Origin: lower-case letters, digits and dashes (like acme-web), at most 63.");
        }
        if (brandName.isEmpty() || brandName.length() > 64) {
            problems.add("Brand name: from 1 to 64 characters.");
        }
        if (senderName.length() > 64) {
            problems.add("Sender name: at most 64 characters.");
        }
        if (!primaryColor.isEmpty() && !COLOR.matcher(primaryColor).matches()) {
            problems.add("Primary colour: #rrggbb, like #d9480f.");
        }
        if (!productUrl.isEmpty() && !isWebAddress(productUrl)) {
            problems.add("Product URL: an https:// or http:// address.");
        }
        return problems;
    }

    /** The brand as the mail templates read it ({@code brand.brandName}, …). */
    Map<String, String> forTemplates(String fallbackSender) {
        return Map.of(BRAND_NAME, brandName,
                SENDER_NAME, senderName.isEmpty() ? fallbackSender : senderName,
                PRIMARY_COLOR, primaryColor.isEmpty() ? DEFAULT_COLOR : primaryColor,
                PRODUCT_URL, productUrl);
    }

    private static boolean isWebAddress(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        String value = values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).trim();
        return value;
    }
}
