package dev.kcpack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import dev.kcpack.testing.KeycloakExtension;
import dev.kcpack.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mail leaves Keycloak through the realm's SMTP settings and arrives in GreenMail. */
@ExtendWith(KeycloakExtension.class)
class RealmMailIT {

    @Test
    void keycloakSendsRealMailThroughTheRealmSmtpServer(TestEnvironment env) throws Exception {
        String realm = env.newRealm();
        String userId = env.admin().userId(realm, TestEnvironment.PLAIN_USER);

        env.admin().sendExecuteActionsEmail(realm, userId, List.of("UPDATE_PASSWORD"));

        assertTrue(env.mail().waitForIncomingEmail(15_000, 1), "no mail arrived");
        MimeMessage mail = java.util.Arrays.stream(env.mail().getReceivedMessages())
                .filter(m -> recipient(m).equals(TestEnvironment.PLAIN_USER_EMAIL))
                .reduce((first, last) -> last)
                .orElseThrow();
        assertEquals("no-reply@demo.kcpack.localhost", mail.getFrom()[0].toString().replaceAll(".*<|>.*", ""));
        String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
        assertTrue(body.contains("/realms/" + realm + "/login-actions/action-token"), "no action link in: " + body);
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
