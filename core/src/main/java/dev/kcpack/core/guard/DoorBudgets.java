package dev.kcpack.core.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

import dev.kcpack.core.settings.PackSettings;
import dev.kcpack.core.support.PackMetrics;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many requests a public door takes in a minute from one client address, and from the
 * whole realm. The per-subject gate bounds the guesses against one address or user; these
 * budgets bound what one client, and all clients together, can try across many of them.
 *
 * <p>A budget of n is n slots of Keycloak's single-use store for the current minute. A
 * request takes the lowest free slot with the store's atomic {@code putIfAbsent}, so slots
 * are taken from the bottom up and the lowest free one is found by a binary search of
 * local reads; a request that loses a slot to another (on any node) tries the next one.
 * When all n are taken the request is refused until the minute ends. So the counts hold on
 * every node, and what the store keeps is bounded: at most n small entries per client
 * address and budget, and n per realm, each gone when its minute is over.
 *
 * <p>The address is the client's as Keycloak sees it, through its proxy settings
 * ({@code --proxy-headers}); an IPv6 address counts as its /64 network, which one
 * client usually has whole.
 */
public final class DoorBudgets {

    /** The length of a budget's window. */
    public static final int WINDOW_SECONDS = 60;
    /** The least time between two warnings of one spent realm-wide budget, cluster-wide. */
    private static final int WARN_EVERY_SECONDS = 15 * 60;
    private static final Logger LOG = Logger.getLogger(DoorBudgets.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public DoorBudgets(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Counts this request at {@code door} against its client address's budget and then the
     * realm's; 0 when it may go on, else the whole seconds until a new minute opens the
     * budget again. A request the address's budget refuses does not use the realm's, so one
     * client cannot spend the realm's budget beyond its own.
     */
    public long admit(PublicDoor door) {
        PackSettings settings = PackSettings.of(realm);
        long now = Time.currentTime();
        long window = now / WINDOW_SECONDS;
        long wait = (window + 1) * WINDOW_SECONDS - now;
        String counter = "kcpack.budget." + realm.getId() + "." + door.name() + "." + window + ".";
        int perAddress = settings.budget(door.perAddress());
        if (perAddress > 0 && !take(counter + "a." + clientAddress() + ".", perAddress, wait)) {
            PackMetrics.budgetSpent(realm, door.name(), "address");
            return wait;
        }
        int perRealm = settings.budget(door.perRealm());
        if (perRealm > 0 && !take(counter + "r.", perRealm, wait)) {
            PackMetrics.budgetSpent(realm, door.name(), "realm");
            warn(door, perRealm);
            return wait;
        }
        return 0;
    }

    /** Takes one of the {@code limit} slots named {@code prefix}0, 1, ...; false when all are taken. */
    private boolean take(String prefix, int limit, long lifespanSeconds) {
        SingleUseObjectProvider store = session.singleUseObjects();
        int slot = lowestFree(store, prefix, 0, limit);
        while (slot < limit) {
            if (store.putIfAbsent(prefix + slot, lifespanSeconds + 1)) {
                return true;
            }
            // Another request took it: what it and others took since is in the store now.
            slot = lowestFree(store, prefix, slot + 1, limit);
        }
        return false;
    }

    /** The lowest slot from {@code from} not taken (or {@code limit}): the taken ones are the lowest. */
    private static int lowestFree(SingleUseObjectProvider store, String prefix, int from, int limit) {
        int low = from;
        int high = limit;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (store.contains(prefix + middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** One line for the admin when a realm-wide budget is spent, not one per refused request. */
    private void warn(PublicDoor door, int perRealm) {
        String mark = "kcpack.budget.warned." + realm.getId() + "." + door.name();
        if (session.singleUseObjects().putIfAbsent(mark, WARN_EVERY_SECONDS)) {
            LOG.warnf("realm %s: the realm-wide budget of %s (%d requests a minute, setting %s) is spent; "
                            + "more requests are answered 429 until the minute ends. Many clients at once: an attack "
                            + "spread over many addresses, or a budget too small for the realm (metric "
                            + "kcpack_budget_refusals_total). Told at most every %d minutes.",
                    realm.getName(), door.name().toLowerCase(Locale.ROOT), perRealm, door.perRealm().key(),
                    WARN_EVERY_SECONDS / 60);
        }
    }

    /** The client's address as Keycloak sees it; an IPv6 address as its /64 network. */
    private String clientAddress() {
        ClientConnection connection = session.getContext().getConnection();
        String address = connection == null ? null : connection.getRemoteAddr();
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A literal: no name is looked up.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
