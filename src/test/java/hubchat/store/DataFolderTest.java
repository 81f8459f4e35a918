package hubchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the embedded database goes by default: the named folder, else the container's, unless
 * that is Payara Micro's temp root of one run; a container folder under the temp folder (a
 * build's CATALINA_BASE in /tmp) is the container's all the same.
 */
class DataFolderTest {
    private static final String[] PROPERTIES = {"catalina.base", "com.sun.aas.instanceRoot"};
    private final String[] saved = {System.getProperty(PROPERTIES[0]), System.getProperty(PROPERTIES[1])};

    @AfterEach
    void restore() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(PROPERTIES[i]);
            } else {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
    }

    @Test
    void theNamedFolderWinsThenTheContainersThenTheHomeFolder() {
        Path home = Path.of(System.getProperty("user.home"), ".hubchat");
        System.clearProperty("catalina.base");
        System.clearProperty("com.sun.aas.instanceRoot");
        assertEquals(home, DataFolder.of(""));
        assertEquals(Path.of("/srv/chat"), DataFolder.of(" /srv/chat "));
        System.setProperty("com.sun.aas.instanceRoot", "/opt/payara/root");
        assertEquals(Path.of("/opt/payara/root/data/hubchat"), DataFolder.of(""));
        System.setProperty("catalina.base", "/tmp/build/target/tomcat-base");
        assertEquals(Path.of("/tmp/build/target/tomcat-base/data/hubchat"), DataFolder.of(""), "under /tmp, still Tomcat's");
    }

    @Test
    void payaraMicrosTempRootOfOneRunIsNotKept() {
        System.clearProperty("catalina.base");
        System.setProperty("com.sun.aas.instanceRoot", "/tmp/payaramicro-rt123tmp");
        assertEquals(Path.of(System.getProperty("user.home"), ".hubchat"), DataFolder.of(""));
    }
}
