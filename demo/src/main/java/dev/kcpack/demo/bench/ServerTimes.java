package dev.kcpack.demo.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcpack.demo.Http;
import dev.kcpack.demo.PackStack;

/**
 * The server's own time per request, from Keycloak's HTTP metrics
 * ({@code http_server_requests_seconds}, by method, URI template and status): what a path's
 * requests cost inside the server, apart from the client and the connection. Two snapshots;
 * the mean of the requests between them.
 */
final class ServerTimes {

    private static final Pattern SERIES = Pattern.compile("^http_server_requests_seconds_(sum|count)\\{([^}]*)\\} ([0-9.eE+-]+)$");
    private static final Pattern LABEL = Pattern.compile("(method|uri|status)=\"([^\"]*)\"");

    private final Map<String, double[]> series;

    private ServerTimes(Map<String, double[]> series) {
        this.series = series;
    }

    static ServerTimes now(PackStack env) {
        Http.Answer metrics = Http.send(Http.request(env.managementUrl() + "/metrics").GET().build());
        Map<String, double[]> series = new HashMap<>();
        for (String line : metrics.body().split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String name = labels.get("method") + " " + labels.get("uri") + " " + labels.get("status");
            double[] sumAndCount = series.computeIfAbsent(name, k -> new double[2]);
            sumAndCount[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(3));
        }
        return new ServerTimes(series);
    }

    /** Per request answered since {@code before}: "METHOD uri status: n requests, mean x ms", the most called first. */
    List<String> since(ServerTimes before) {
        List<String[]> rows = new ArrayList<>();
        series.forEach((name, now) -> {
            double[] then = before.series.getOrDefault(name, new double[2]);
            double count = now[1] - then[1];
            if (count > 0) {
                rows.add(new String[] {name, String.valueOf(count), String.valueOf((now[0] - then[0]) * 1000 / count)});
            }
        });
        rows.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            lines.add(String.format("    %-90s %5.0f requests, mean %6.1f ms in the server", row[0],
                    Double.parseDouble(row[1]), Double.parseDouble(row[2])));
        }
        return lines;
    }
}
