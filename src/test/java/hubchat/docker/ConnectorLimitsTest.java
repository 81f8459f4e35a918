package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The connector limits against handshakes that never finish are one rule written in several
 * places: the pom's properties (the run command, and the container tests' Tomcat), the Tomcat
 * image's edit of server.xml, Payara Micro's pre-boot command file (the image and the Payara
 * tests) and the README. This keeps them saying the same, so that the container tests
 * (UnfinishedHandshakesIT) prove what is shipped.
 */
class ConnectorLimitsTest {

    private static final Path POM = Path.of("pom.xml");
    private static final Path TOMCAT_DOCKERFILE = Path.of("docker/tomcat/Dockerfile");
    private static final Path PAYARA_DOCKERFILE = Path.of("docker/payara-micro/Dockerfile");
    private static final Path PAYARA_COMMANDS = Path.of("docker/payara-micro/pre-boot-commands.txt");
    private static final Path TEST_SERVER_XML = Path.of("src/test/tomcat/conf/server.xml");
    private static final Path ARQUILLIAN = Path.of("src/test/resources/arquillian.xml");
    private static final Path README = Path.of("README.md");
    /** The dotted name of Payara Micro's HTTP listener's http element. */
    private static final String PAYARA_HTTP = "configs.config.server-config.network-config.protocols.protocol.http-listener.http.";

    @Test
    void tomcatImageSetsThePomsReadTimeoutAndHeaderLimit() throws IOException {
        String dockerfile = Files.readString(TOMCAT_DOCKERFILE);
        assertTrue(dockerfile.contains("connectionTimeout=\"" + readTimeoutMillis() + "\""),
                "docker/tomcat/Dockerfile sets connectionTimeout=\"" + readTimeoutMillis() + "\"");
        assertTrue(dockerfile.contains("maxHttpRequestHeaderSize=\"" + headerBytes() + "\""),
                "docker/tomcat/Dockerfile sets maxHttpRequestHeaderSize=\"" + headerBytes() + "\"");
    }

    @Test
    void testTomcatAndRunCommandTakeThemFromThePom() throws IOException {
        String serverXml = Files.readString(TEST_SERVER_XML);
        assertTrue(serverXml.contains("connectionTimeout=\"${connector.read.timeout.ms}\""), serverXml);
        assertTrue(serverXml.contains("maxHttpRequestHeaderSize=\"${connector.header.bytes}\""), serverXml);
        String pom = Files.readString(POM);
        for (String[] attribute : List.of(new String[] {"connectionTimeout", "connector.read.timeout.ms"},
                new String[] {"maxHttpRequestHeaderSize", "connector.header.bytes"})) {
            Pattern replacement = Pattern.compile("<attributeName>" + attribute[0] + "</attributeName>\\s*<value>\\$\\{"
                    + Pattern.quote(attribute[1]) + "}</value>");
            assertTrue(replacement.matcher(pom).find(), "the run command (cargo) sets " + attribute[0] + " from " + attribute[1]);
        }
    }

    @Test
    void payaraCommandFileSaysTheSameAndIsUsedByTheImageAndTheTests() throws IOException {
        String commands = Files.readString(PAYARA_COMMANDS);
        assertEquals(readTimeoutMillis() / 1000, Long.parseLong(set(commands, "timeout-seconds")), "timeout-seconds");
        assertEquals(0, readTimeoutMillis() % 1000, "Payara's timeout is in whole seconds");
        assertEquals(headerBytes(), Long.parseLong(set(commands, "header-buffer-length-bytes")), "header-buffer-length-bytes");

        String dockerfile = Files.readString(PAYARA_DOCKERFILE);
        Matcher copy = Pattern.compile("COPY " + Pattern.quote(PAYARA_COMMANDS.toString()) + " (\\S+)").matcher(dockerfile);
        assertTrue(copy.find(), "docker/payara-micro/Dockerfile copies " + PAYARA_COMMANDS);
        assertTrue(dockerfile.contains("\"--prebootcommandfile\", \"" + copy.group(1) + "\""),
                "the image's CMD runs Payara Micro with --prebootcommandfile " + copy.group(1));

        assertTrue(Files.readString(ARQUILLIAN).contains("--prebootcommandfile ${it.payara.preboot:" + PAYARA_COMMANDS + "}"),
                "the Payara tests run with " + PAYARA_COMMANDS);
        assertTrue(Files.readString(POM).contains("<payara.preboot.commands>${project.basedir}/" + PAYARA_COMMANDS + "<"),
                "the pom hands the Payara tests " + PAYARA_COMMANDS);
    }

    @Test
    void readmeStatesTheBoundWithTheseValues() throws IOException {
        String readme = Files.readString(README);
        assertTrue(readme.contains("connectionTimeout=\"" + readTimeoutMillis() + "\""), "README gives connectionTimeout");
        assertTrue(readme.contains("maxHttpRequestHeaderSize=\"" + headerBytes() + "\""), "README gives maxHttpRequestHeaderSize");
        assertTrue(readme.contains("--prebootcommandfile " + PAYARA_COMMANDS), "README's Payara Micro command uses the file");
    }

    private static long readTimeoutMillis() throws IOException {
        return Long.parseLong(pomProperty("connector.read.timeout.ms"));
    }

    private static long headerBytes() throws IOException {
        return Long.parseLong(pomProperty("connector.header.bytes"));
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(Files.readString(POM));
        assertTrue(m.find(), "pom.xml has the property " + name);
        return m.group(1).trim();
    }

    /** The value of {@code set PAYARA_HTTP + attribute=value} in the command file. */
    private static String set(String commands, String attribute) {
        Matcher m = Pattern.compile("(?m)^set " + Pattern.quote(PAYARA_HTTP + attribute) + "=(\\S+)$").matcher(commands);
        assertTrue(m.find(), PAYARA_COMMANDS + " sets " + PAYARA_HTTP + attribute);
        return m.group(1);
    }
}
