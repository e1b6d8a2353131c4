package dev.heimdall.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** deploy/baremetal/install.sh pointed at a scratch root, without creating a system account. */
record ScratchInstall(Path root) {

    Command.Result install(String... options) throws Exception {
        return run("--bundle", Repository.bundle().toString(), options);
    }

    Command.Result uninstall(String... options) throws Exception {
        return run("--uninstall", null, options);
    }

    private Command.Result run(String first, String second, String... options) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", Repository.deploy("baremetal/install.sh").toString(),
                "--root", root.toString(), "--no-user", first));
        if (second != null) {
            argv.add(second);
        }
        argv.addAll(List.of(options));
        return Command.of(argv.toArray(String[]::new)).run();
    }

    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
