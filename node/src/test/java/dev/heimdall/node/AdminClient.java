package dev.heimdall.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Calls the admin API as an operator's script would, and remembers every exchange for the OpenAPI check. */
final class AdminClient {

    static final String ADMIN = "admin-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";

    /** The admin section of a test node's configuration. */
    static final String ADMIN_SECTION = """
            admin:
              tokens:
                - { name: root, token: admin-token-0123456789, role: admin }
                - { name: ops, token: operator-token-0123456789, role: operator }
                - { name: watcher, token: viewer-token-0123456789, role: viewer }
            """;

    static final ObjectMapper JSON = new ObjectMapper();

    record Exchange(String method, String path, int status, String contentType, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    AdminClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String token, String path) throws Exception {
        return send(token, "GET", path, null, null, null);
    }

    HttpResponse<String> post(String token, String path, String json) throws Exception {
        return send(token, "POST", path, "application/json", json, null);
    }

    HttpResponse<String> put(String token, String path, String json, String ifMatch) throws Exception {
        return send(token, "PUT", path, "application/json", json, ifMatch);
    }

    HttpResponse<String> patch(String token, String path, String json, String ifMatch) throws Exception {
        return send(token, "PATCH", path, "application/merge-patch+json", json, ifMatch);
    }

    HttpResponse<String> delete(String token, String path, String ifMatch) throws Exception {
        return send(token, "DELETE", path, null, null, ifMatch);
    }

    HttpResponse<String> send(String token, String method, String path, String contentType, String body,
                              String ifMatch) throws Exception {
        return exchange(token == null ? null : "Bearer " + token, method, path, contentType, body, ifMatch);
    }

    /** A GET with this Authorization header, as it is (null: none). */
    HttpResponse<String> getAuthorized(String authorization, String path) throws Exception {
        return exchange(authorization, "GET", path, null, null, null);
    }

    private HttpResponse<String> exchange(String authorization, String method, String path, String contentType,
                                          String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        exchanges.add(new Exchange(method, URI.create(baseUrl + path).getPath(), response.statusCode(),
                response.headers().firstValue("content-type").orElse(null), response.body()));
        return response;
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
