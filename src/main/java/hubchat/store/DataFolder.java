package hubchat.store;

import java.nio.file.Path;

/**
 * Where the embedded database lives: the folder the operator named, else the container's own
 * place for data: Tomcat's {@code CATALINA_BASE/data/hubchat}, Payara's instance root's (the
 * Micro root folder) {@code data/hubchat}, else {@code ~/.hubchat}. Payara Micro given no root
 * folder runs in a new temp folder ({@code payaramicro-rt...}) at every start, which would not
 * keep history: there too {@code ~/.hubchat} is used.
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
            if (base != null && !base.isBlank() && !isPayaraMicroTempRoot(Path.of(base))) {
                return Path.of(base, "data", "hubchat");
            }
        }
        return Path.of(System.getProperty("user.home"), ".hubchat");
    }

    private static boolean isPayaraMicroTempRoot(Path p) {
        for (Path part : p.toAbsolutePath().normalize()) {
            if (part.toString().startsWith("payaramicro-rt")) {
                return true;
            }
        }
        return false;
    }
}
