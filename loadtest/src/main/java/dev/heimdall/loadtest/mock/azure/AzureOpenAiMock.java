package dev.heimdall.loadtest.mock.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.loadtest.mock.Exchange;
import dev.heimdall.loadtest.mock.MockJson;
import dev.heimdall.loadtest.mock.ProviderMock;
import dev.heimdall.loadtest.mock.Replies;
import dev.heimdall.loadtest.mock.openai.OpenAiMock;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI under {@code /azure}: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}
 * and {@code .../embeddings?api-version=...}, written from Azure's data-plane reference. Auth is an {@code api-key}
 * header or an Entra ID {@code Authorization: Bearer} token (the same acceptance rule as every mock key). A missing
 * {@code api-version} is a 404 {@code Resource not found}, a malformed one a 400, as Azure answers. Bodies, streams
 * and validation are OpenAI's ({@link OpenAiMock}); the body's {@code model} is ignored by Azure, so the reply names
 * the body's model when given and the deployment otherwise. Azure's own errors are
 * {@code {"error":{"code","message"}}}.
 */
public final class AzureOpenAiMock implements ProviderMock {
    private static final Pattern PATH = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    private final OpenAiMock openAi = new OpenAiMock("azure", true);

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String apiKey(HttpServerRequest request) {
        String key = request.getHeader("api-key");
        if (key != null) {
            return key.trim();
        }
        return openAi.apiKey(request);
    }

    @Override
    public void handle(Exchange ex) {
        Matcher m = PATH.matcher(ex.subPath());
        String version = ex.request().getParam("api-version");
        if (ex.request().method() != HttpMethod.POST || !m.matches() || version == null) {
            ex.respond(404, error("404", "Resource not found"), headers());
            return;
        }
        if (!VERSION.matcher(version).matches()) {
            ex.respond(400, error("BadRequest", "API version not supported"), headers());
            return;
        }
        if (!ex.config().accepts(ex.apiKey())) {
            String message = ex.apiKey() == null || ex.apiKey().isEmpty()
                    ? "Access denied due to missing subscription key. Make sure to include subscription key when "
                    + "making requests to an API."
                    : "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a "
                    + "valid key for an active subscription and use a correct regional API endpoint for your resource.";
            ex.respond(401, error("401", message), headers());
            return;
        }
        openAi.serve(ex, m.group(2).equals("embeddings"), m.group(1));
    }

    private static Map<String, String> headers() {
        return Map.of("apim-request-id", Replies.id("", 32), "x-ms-region", "East US");
    }

    private static byte[] error(String code, String message) {
        ObjectNode res = MockJson.object();
        res.putObject("error").put("code", code).put("message", message);
        return MockJson.bytes(res);
    }

    @Override
    public byte[] faultBody(int status) {
        return switch (status) {
            case 429 -> error("429", "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                    + "2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry "
                    + "after 5 seconds.");
            case 500 -> error("InternalServerError", "The server had an error while processing your request.");
            case 503 -> error("ServiceUnavailable", "The service is temporarily unable to process your request.");
            default -> openAi.faultBody(status);
        };
    }
}
