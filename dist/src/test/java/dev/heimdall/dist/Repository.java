package dev.heimdall.dist;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put things: the repository root (deploy/, docs/) and the release bundle. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        return Path.of(System.getProperty("heimdall.repo", "..")).toAbsolutePath().normalize();
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    /** The tarball `mvn package` built; integration tests run after the package phase, so it exists. */
    static Path bundle() {
        String property = System.getProperty("heimdall.bundle");
        if (property == null) {
            throw new IllegalStateException("heimdall.bundle is not set: run the *IT tests through failsafe (mvn verify)");
        }
        Path bundle = Path.of(property);
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalStateException(bundle + " is missing: mvn package builds it");
        }
        return bundle;
    }
}
