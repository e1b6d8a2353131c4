package dev.heimdall.providers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.bedrock.BedrockAdapter;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.gemini.GeminiAdapter;
import dev.heimdall.providers.json.TopLevelFieldRewriter;
import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.openai.OpenAiChatParser;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;
import dev.heimdall.providers.tokens.TokenEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The request half of the hot path, on the benchmark suite's ~500-byte chat request: parsing the client's OpenAI
 * JSON into the canonical request (tree, then validation), the prompt estimate routing and budgets read, encoding
 * for each upstream wire format, and the byte-exact model splice a pass-through request gets instead of a
 * re-serialisation. Not part of the test suite; the suite's {@code jmh} scenario runs it, or by hand:
 * {@code java -cp "$(cat providers/target/bench.classpath):providers/target/test-classes:providers/target/classes"
 * org.openjdk.jmh.Main RequestPathBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestPathBenchmark {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenAiAdapter openAi = new OpenAiAdapter();
    private final AnthropicAdapter anthropic = new AnthropicAdapter();
    private final GeminiAdapter gemini = new GeminiAdapter();
    private final BedrockAdapter bedrock = new BedrockAdapter();
    private byte[] body;
    private ChatRequest parsed;
    private ChatRequest canonical;
    private TargetContext openAiTarget;
    private TargetContext anthropicTarget;
    private TargetContext geminiTarget;
    private TargetContext bedrockTarget;

    @Setup
    public void setUp() throws IOException {
        body = HotPathBodies.chatRequest();
        parsed = OpenAiChatParser.parse((ObjectNode) mapper.readTree(body));
        // what any other ingress (Anthropic, Gemini, Responses) hands an OpenAI upstream: no client body to relay
        canonical = new ChatRequest(parsed.model(), parsed.messages(), parsed.tools(), parsed.toolChoice(),
                parsed.temperature(), parsed.topP(), parsed.maxTokens(), parsed.stop(), parsed.stream(),
                parsed.includeUsage(), parsed.presencePenalty(), parsed.frequencyPenalty(), parsed.seed(),
                parsed.user(), parsed.parallelToolCalls(), parsed.responseFormat(), parsed.reasoningEffort(),
                parsed.metadata(), null);
        openAiTarget = TargetContext.of(HotPathBodies.UPSTREAM_MODEL, "sk-bench-upstream");
        anthropicTarget = TargetContext.of("claude-haiku-4-5", "sk-ant-bench");
        geminiTarget = TargetContext.of("gemini-2.5-flash", "gemini-bench");
        bedrockTarget = new TargetContext("anthropic.claude-3-5-haiku-20241022-v1:0", null, null, null, Map.of(),
                Map.of(TargetContext.REGION, "us-east-1"));
    }

    /** Client bytes to a JSON tree only: the share of parsing that is Jackson's. */
    @Benchmark
    public ObjectNode readTree() throws IOException {
        return (ObjectNode) mapper.readTree(body);
    }

    /** Client bytes to the validated canonical request, as the OpenAI ingress does it. */
    @Benchmark
    public ChatRequest parseOpenAiChat() throws IOException {
        return OpenAiChatParser.parse((ObjectNode) mapper.readTree(body));
    }

    @Benchmark
    public long estimatePromptTokens() {
        return TokenEstimator.estimatePrompt(parsed);
    }

    /** OpenAI ingress to an OpenAI upstream: the client's tree copied with the model replaced, re-serialised. */
    @Benchmark
    public UpstreamRequest encodeOpenAiFromClientTree() {
        return openAi.encodeChat(parsed, openAiTarget);
    }

    /** Another ingress to an OpenAI upstream: built from the canonical request. */
    @Benchmark
    public UpstreamRequest encodeOpenAiFromCanonical() {
        return openAi.encodeChat(canonical, openAiTarget);
    }

    @Benchmark
    public UpstreamRequest encodeAnthropic() {
        return anthropic.encodeChat(parsed, anthropicTarget);
    }

    @Benchmark
    public UpstreamRequest encodeGemini() {
        return gemini.encodeChat(parsed, geminiTarget);
    }

    @Benchmark
    public UpstreamRequest encodeBedrock() {
        return bedrock.encodeChat(parsed, bedrockTarget);
    }

    /** Pass-through: the client's bytes with only the model's value replaced, no tree. */
    @Benchmark
    public byte[] spliceModel() {
        return TopLevelFieldRewriter.replaceString(body, "model", HotPathBodies.UPSTREAM_MODEL);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(RequestPathBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
