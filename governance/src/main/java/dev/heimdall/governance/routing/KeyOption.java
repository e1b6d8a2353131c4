package dev.heimdall.governance.routing;

import java.util.List;

/** One API key of a provider, as routing sees it: its name, weight and the models it may serve (empty: all). */
public record KeyOption(String name, int weight, List<String> models) {

    public KeyOption {
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean serves(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
