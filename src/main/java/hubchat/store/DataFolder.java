package hubchat.store;

import java.nio.file.Path;

/**
 * Where the embedded database lives: the folder the operator named, else the container's own
 * place for data: Tomcat's {@code CATALINA_BASE/data/hubchat}, Payara's instance root's (the
 * Micro root folder) {@code data/hubchat}, else {@code ~/.hubchat}. A container folder in the
 * temp folder (Payara Micro's root when it is given none) would not outlive the process, so
 * there too {@code ~/.hubchat} is used.
 */
public final class DataFolder {
    private DataFolder() {
    }

    public static Path of(String named) {
        if (!named.isBlank()) {
            return Path.of(named.strip());
        }
        for (String property : new String[] {"catalina.base", "com.sun.aas.instanceRoot"}) {
            String base = System.getProperty(property);
            if (base != null && !base.isBlank() && !inTempFolder(Path.of(base))) {
                return Path.of(base, "data", "hubchat");
            }
        }
        return Path.of(System.getProperty("user.home"), ".hubchat");
    }

    private static boolean inTempFolder(Path p) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        return p.toAbsolutePath().normalize().startsWith(temp);
    }
}
