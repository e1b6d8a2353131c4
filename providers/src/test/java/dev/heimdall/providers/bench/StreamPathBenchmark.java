package dev.heimdall.providers.bench;

import dev.heimdall.providers.anthropic.AnthropicEventWriter;
import dev.heimdall.providers.canonical.ChatRequest;
import dev.heimdall.providers.canonical.Message;
import dev.heimdall.providers.canonical.Role;
import dev.heimdall.providers.canonical.StreamEvent;
import dev.heimdall.providers.canonical.Usage;
import dev.heimdall.providers.openai.OpenAiAdapter;
import dev.heimdall.providers.openai.OpenAiChunkWriter;
import dev.heimdall.providers.spi.StreamDecoder;
import dev.heimdall.providers.spi.TargetContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stream translation per upstream chunk: an OpenAI stream of one token per chunk decoded into canonical events and
 * written out as OpenAI chunks or Anthropic events, and decoded alone (what a relayed stream costs: the node reads
 * it alongside for usage and failures). Each operation is a whole stream; figures are per chunk. Run like
 * {@link RequestPathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamPathBenchmark {

    /** Chunks of {@link HotPathBodies#openAiStream()}: role, 47 words, finish, usage, [DONE]. */
    private static final int CHUNKS = 51;

    private final OpenAiAdapter openAi = new OpenAiAdapter();
    private final ChatRequest request = ChatRequest.of(HotPathBodies.MODEL, List.of(Message.text(Role.USER, "hi")))
            .withStream(true, true);
    private final TargetContext target = TargetContext.of(HotPathBodies.UPSTREAM_MODEL, "sk-bench-upstream");
    private List<byte[]> reads;

    @Setup
    public void setUp() {
        reads = HotPathBodies.openAiStream();
        if (reads.size() != CHUNKS) {
            throw new IllegalStateException("the stream has " + reads.size() + " chunks, not " + CHUNKS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public Usage openAiDecodeOnly(Blackhole hole) {
        Usage[] usage = new Usage[1];
        run(event -> {
            if (event instanceof StreamEvent.UsageReport report) {
                usage[0] = report.usage();
            }
            hole.consume(event);
        });
        return usage[0];
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void openAiToOpenAiChunks(Blackhole hole) {
        OpenAiChunkWriter writer = new OpenAiChunkWriter("chatcmpl-bench", HotPathBodies.MODEL, 1764064800L, true);
        run(event -> hole.consume(writer.frames(event)));
        hole.consume(writer.done());
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void openAiToAnthropicEvents(Blackhole hole) {
        AnthropicEventWriter writer = new AnthropicEventWriter(HotPathBodies.MODEL);
        run(event -> hole.consume(writer.frames(event)));
        hole.consume(writer.end());
    }

    private void run(Consumer<StreamEvent> events) {
        StreamDecoder decoder = openAi.streamDecoder(request, target);
        for (byte[] read : reads) {
            decoder.feed(read, events);
        }
        decoder.end(events);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(StreamPathBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
