package dev.heimdall.dist;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;

import java.io.IOException;
import java.util.Map;

/**
 * Checks an object against the Kubernetes API's OpenAPI schema for its kind, through the models of the official
 * Kubernetes Java client that are generated from it: an unknown field (a typo), a missing required field or a value
 * of the wrong shape is rejected, as the API server would reject it.
 */
final class KubernetesSchema {

    /** The kinds this base uses, by apiVersion and kind; anything else is an error rather than unchecked. */
    private static final Map<String, Validator> VALIDATORS = Map.of(
            "v1/ServiceAccount", V1ServiceAccount::fromJson,
            "v1/ConfigMap", V1ConfigMap::fromJson,
            "v1/Secret", V1Secret::fromJson,
            "v1/Service", V1Service::fromJson,
            "apps/v1/Deployment", V1Deployment::fromJson,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson);

    private KubernetesSchema() {
    }

    @FunctionalInterface
    private interface Validator {
        Object parse(String json) throws IOException;
    }

    /** @throws IllegalArgumentException naming the object and what the schema rejected */
    static void validate(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Validator validator = VALIDATORS.get(type);
        if (validator == null) {
            throw new IllegalArgumentException(type + " is not a kind this check knows");
        }
        try {
            validator.parse(object.toString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(KubernetesBase.key(object) + ": " + e.getMessage(), e);
        }
    }
}
