package dev.heimdall.providers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heimdall.providers.anthropic.AnthropicAdapter;
import dev.heimdall.providers.anthropic.AnthropicMessageRenderer;
import dev.heimdall.providers.canonical.ChatResponse;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.openai.OpenAiChatRenderer;
import dev.heimdall.providers.pricing.CostCalculator;
import dev.heimdall.providers.pricing.PricingCatalog;
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
import java.util.concurrent.TimeUnit;

/**
 * The response half of the hot path, on a ~47-token completion: decoding an upstream's answer into the canonical
 * response, rendering it back for the client (OpenAI to OpenAI, OpenAI to Anthropic), and what the settle stage
 * needs from it, the usage and its price. Run like {@link RequestPathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponsePathBenchmark {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenAiAdapter openAi = new OpenAiAdapter();
    private final AnthropicAdapter anthropic = new AnthropicAdapter();
    private final PricingCatalog catalog = PricingCatalog.builtIn();
    private byte[] openAiBody;
    private byte[] anthropicBody;
    private Usage usage;

    @Setup
    public void setUp() {
        openAiBody = HotPathBodies.openAiCompletion();
        anthropicBody = HotPathBodies.anthropicMessage();
        usage = openAi.decodeChat(openAiBody).usage();
    }

    @Benchmark
    public ChatResponse decodeOpenAi() {
        return openAi.decodeChat(openAiBody);
    }

    /** What an OpenAI client gets from an OpenAI upstream when the answer is translated rather than relayed. */
    @Benchmark
    public byte[] openAiToOpenAi() throws IOException {
        ChatResponse response = openAi.decodeChat(openAiBody);
        return mapper.writeValueAsBytes(OpenAiChatRenderer.render(response, response.model()));
    }

    @Benchmark
    public byte[] openAiToAnthropic() throws IOException {
        ChatResponse response = openAi.decodeChat(openAiBody);
        return mapper.writeValueAsBytes(AnthropicMessageRenderer.render(response, response.model()));
    }

    /** A pass-through answer is relayed as it came; the node still reads it for its usage. */
    @Benchmark
    public Usage usageOfAnthropicMessage() {
        return anthropic.decodeChat(anthropicBody).usage();
    }

    /** The settle stage's price lookup and cost, for a dated model name (the catalog has the undated one). */
    @Benchmark
    public long priceUsage() {
        return catalog.lookup("openai", HotPathBodies.UPSTREAM_MODEL)
                .map(price -> CostCalculator.costMicros(price, usage)).orElse(-1L);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(ResponsePathBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
