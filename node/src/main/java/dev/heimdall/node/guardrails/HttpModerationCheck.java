package dev.heimdall.node.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.guardrails.ModerationCheck;
import dev.heimdall.governance.guardrails.ModerationResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A moderation check over HTTP in the shape of OpenAI's moderation API: {@code POST {"input": [texts]}}, answered by
 * {@code {"results": [{"flagged": bool, "categories": {name: bool}}]}}. The texts are flagged when any result is; the
 * categories are those any result marks true. Anything but a 200 with that shape within the timeout fails the check
 * (the policy then fails open or closed).
 */
final class HttpModerationCheck implements ModerationCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI url;
    private final Map<String, String> headers;
    private final long timeoutMillis;

    HttpModerationCheck(HttpClient client, URI url, Map<String, String> headers, Duration timeout) {
        this.client = client;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public CompletionStage<ModerationResult> check(List<String> segments) {
        List<String> texts = segments.stream().filter(text -> !text.isBlank()).toList();
        if (texts.isEmpty()) {
            return Future.succeededFuture(ModerationResult.PASSED).toCompletionStage();
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setIdleTimeout(timeoutMillis)
                .addHeader("content-type", "application/json");
        headers.forEach(options::addHeader);
        byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(bytes)))
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("moderation endpoint answered " + response.statusCode()))
                .map(HttpModerationCheck::parse)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .toCompletionStage();
    }

    static ModerationResult parse(Buffer body) {
        JsonNode root;
        try {
            root = JSON.readTree(body.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("the moderation endpoint's answer is not JSON");
        }
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new IllegalStateException("the moderation endpoint's answer has no results");
        }
        boolean flagged = false;
        Set<String> categories = new TreeSet<>();
        for (JsonNode result : results) {
            flagged |= result.path("flagged").asBoolean(false);
            for (Iterator<Map.Entry<String, JsonNode>> it = result.path("categories").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> category = it.next();
                if (category.getValue().asBoolean(false)) {
                    categories.add(category.getKey());
                }
            }
        }
        return flagged ? new ModerationResult(true, categories) : ModerationResult.PASSED;
    }
}
