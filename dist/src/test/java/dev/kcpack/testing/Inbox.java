package dev.kcpack.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

/** Reads the mail GreenMail caught, per recipient, as a user reads their inbox. */
public final class Inbox {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");
    private static final Pattern NOTICE = Pattern.compile("data-kcpack-notice=\"([A-Za-z]+)\"");

    private final GreenMail mail;

    public Inbox(GreenMail mail) {
        this.mail = mail;
    }

    /** How many mails {@code address} has received so far, security notices aside. */
    public int count(String address) {
        return received(address).size();
    }

    /**
     * The kinds of the security notices {@code address} has received so far, oldest first (a
     * notice's HTML names its kind in {@code data-kcpack-notice}; the other methods pass over
     * notices, so a test of codes is not disturbed by the notice of the change it makes).
     */
    public List<String> noticeKinds(String address) {
        return notices(address).stream().map(Inbox::noticeKind).toList();
    }

    /** Waits (up to 15 s) for a notice of {@code kind} to {@code address} beyond the first {@code seen} of that kind. */
    public MimeMessage awaitNotice(String address, String kind, int seen) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> ofKind = notices(address).stream().filter(m -> kind.equals(noticeKind(m))).toList();
            if (ofKind.size() > seen) {
                return ofKind.get(ofKind.size() - 1);
            }
            pause();
        }
        throw new AssertionError("no new " + kind + " notice to " + address + " (had " + seen + "; all: "
                + noticeKinds(address) + ")");
    }

    /** The kind of a security notice; null for any other mail. */
    public static String noticeKind(MimeMessage message) {
        String html = html(message);
        Matcher kind = html == null ? null : NOTICE.matcher(html);
        return kind != null && kind.find() ? kind.group(1) : null;
    }

    /** Waits (up to 15 s) for a mail to {@code address} beyond the first {@code seen}. */
    public MimeMessage awaitNew(String address, int seen) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> messages = received(address);
            if (messages.size() > seen) {
                return messages.get(messages.size() - 1);
            }
            pause();
        }
        throw new AssertionError("no new mail to " + address + " (had " + seen + ")");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The six-digit code on a line of its own in the plain-text part. */
    /** The first mail to {@code address} that arrives after {@code action} ran. */
    public MimeMessage after(String address, Runnable action) {
        int seen = count(address);
        action.run();
        return awaitNew(address, seen);
    }

    public static String code(MimeMessage message) {
        Matcher matcher = CODE.matcher(text(message));
        if (!matcher.find()) {
            throw new AssertionError("no code in: " + text(message));
        }
        return matcher.group(1);
    }

    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The display name of the From header. */
    public static String senderName(MimeMessage message) {
        try {
            return ((InternetAddress) message.getFrom()[0]).getPersonal();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private List<MimeMessage> received(String address) {
        return all(address).stream().filter(m -> noticeKind(m) == null).toList();
    }

    private List<MimeMessage> notices(String address) {
        return all(address).stream().filter(m -> noticeKind(m) != null).toList();
    }

    private List<MimeMessage> all(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = part(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
