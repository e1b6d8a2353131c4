package dev.heimdall.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kustomize base deploy/kubernetes, resolved the way {@code kubectl kustomize} resolves its {@code resources}:
 * every listed file, every YAML document in it, in order.
 */
record KubernetesBase(Path directory, JsonNode kustomization, List<JsonNode> objects) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static KubernetesBase load(Path directory) throws IOException {
        JsonNode kustomization = YAML.readTree(directory.resolve("kustomization.yaml").toFile());
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            objects.addAll(documents(directory.resolve(resource.asText())));
        }
        return new KubernetesBase(directory, kustomization, List.copyOf(objects));
    }

    static List<JsonNode> documents(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is listed in resources but does not exist");
        }
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && !node.isEmpty()) {
                    documents.add(node);
                }
            });
            return documents;
        }
    }

    Optional<JsonNode> find(String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    JsonNode only(String kind) {
        List<JsonNode> ofKind = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        if (ofKind.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + ofKind.size());
        }
        return ofKind.get(0);
    }

    static String key(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
