package dev.heimdall.loadtest.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One JMH benchmark's result, read from JMH's JSON output ({@code -rf json}); with {@code -prof gc} it also carries
 * the allocation per operation.
 *
 * @param benchmark       the benchmark method, {@code Class.method}
 * @param mode            JMH's mode, e.g. {@code avgt}
 * @param score           the primary score
 * @param error           its 99.9% error (NaN with a single iteration)
 * @param unit            the score's unit, e.g. {@code ns/op}
 * @param allocBytesPerOp bytes allocated per operation (NaN without {@code -prof gc})
 */
public record JmhResult(String benchmark, String mode, double score, double error, String unit,
                        double allocBytesPerOp) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses JMH's JSON result file (an array of benchmark runs). */
    public static List<JmhResult> parse(String json) {
        List<JmhResult> out = new ArrayList<>();
        try {
            for (JsonNode run : JSON.readTree(json)) {
                String name = run.path("benchmark").asText();
                String[] parts = name.split("\\.");
                String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name;
                JsonNode primary = run.path("primaryMetric");
                double alloc = Double.NaN;
                for (Map.Entry<String, JsonNode> e : iterable(run.path("secondaryMetrics").fields())) {
                    if (e.getKey().replace("·", "").equals("gc.alloc.rate.norm")) {
                        alloc = number(e.getValue().path("score"));
                    }
                }
                out.add(new JmhResult(shortName, run.path("mode").asText(), number(primary.path("score")),
                        number(primary.path("scoreError")), primary.path("scoreUnit").asText(), alloc));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JMH's JSON result: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : node.isTextual() ? Double.parseDouble(node.asText()) : Double.NaN;
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }
}
