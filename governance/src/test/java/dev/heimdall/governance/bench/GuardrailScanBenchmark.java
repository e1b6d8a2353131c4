package dev.heimdall.governance.bench;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Emission;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.GuardrailPolicy;
import dev.heimdall.governance.guardrails.SamplePrompts;
import dev.heimdall.governance.guardrails.StreamScanner;
import dev.heimdall.governance.guardrails.Verdict;
import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
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

import java.util.concurrent.TimeUnit;

/**
 * The guardrail scan's cost on prompts with nothing to find (the common case), secrets and PII on, as
 * {@code guardrails: { secrets: block, pii: redact }} configures: {@link SamplePrompts#PROSE} and
 * {@link SamplePrompts#CODE}; {@code streamedProse} is the prose scanned as a streamed response in 20-character
 * chunks. Not part of the
 * test suite (its name does not end in Test); run it like {@code RoutingDecisionBenchmark} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GuardrailScanBenchmark {

    private GuardrailEngine engine;

    @Setup
    public void setUp() {
        engine = new GuardrailEngine(GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT).build(),
                SecretRuleSet.builtIn());
        if (!engine.scan(SamplePrompts.PROSE).clean() || !engine.scan(SamplePrompts.CODE).clean()) {
            throw new IllegalStateException("the benchmark prompts must have no findings");
        }
    }

    @Benchmark
    public Verdict prose() {
        return engine.scan(SamplePrompts.PROSE);
    }

    @Benchmark
    public Verdict code() {
        return engine.scan(SamplePrompts.CODE);
    }

    @Benchmark
    public int streamedProse() {
        String text = SamplePrompts.PROSE;
        StreamScanner scanner = engine.streamScanner();
        int released = 0;
        for (int i = 0; i < text.length(); i += 20) {
            Emission emission = scanner.push(text.substring(i, Math.min(text.length(), i + 20)));
            released += emission.text().length();
        }
        return released + scanner.finish().text().length();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(GuardrailScanBenchmark.class.getSimpleName()).build()).run();
    }
}
