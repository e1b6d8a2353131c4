package dev.heimdall.providers.azure;

import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.openai.OpenAiDialect;
import dev.heimdall.providers.spi.TargetContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Azure OpenAI: OpenAI's wire format (bodies, streams and error shapes, plus {@code content_filter} finish reasons
 * and 400 {@code content_filter} errors, which {@link OpenAiAdapter} already maps) addressed per deployment:
 * {@code /openai/deployments/{deployment}/chat/completions?api-version=...}. The deployment is the
 * {@value TargetContext#DEPLOYMENT} setting (from the key's {@code deployments} map) or else the model name. The key
 * goes in an {@code api-key} header; Entra ID bearer tokens are added by the node, not here. The body keeps its
 * {@code model} field: Azure ignores it, and it is harmless. There is no public default base URL: every resource has
 * its own ({@code https://<resource>.openai.azure.com}).
 */
public final class AzureOpenAiDialect implements OpenAiDialect {

    public static final String TYPE = "azure";
    /** The latest GA data-plane version when this was written. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    public static OpenAiAdapter adapter() {
        return new OpenAiAdapter(new AzureOpenAiDialect());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String chatPath(TargetContext target) {
        return path(target, "chat/completions");
    }

    @Override
    public String embeddingsPath(TargetContext target) {
        return path(target, "embeddings");
    }

    private static String path(TargetContext target, String operation) {
        String deployment = target.setting(TargetContext.DEPLOYMENT, target.model());
        String version = target.setting(TargetContext.API_VERSION, DEFAULT_API_VERSION);
        return "/openai/deployments/" + encode(deployment) + "/" + operation + "?api-version=" + encode(version);
    }

    /** Path-segment and query-value safe: deployment names are letters, digits, '-', '_' and '.' in practice. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String authHeader() {
        return "api-key";
    }

    @Override
    public String authPrefix() {
        return "";
    }
}
