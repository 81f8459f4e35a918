package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;
import hubchat.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The files under {@code docker/} agree with what the build produces and what the servers do:
 * the WAR names (from the pom's finalName and classifier), the context root {@code /}, the ports
 * the servers listen on, the pinned image versions, the settings file and the health probe. No
 * Docker engine is needed. The compose file has its own test, {@link ComposeFileTest}.
 */
class DockerFilesTest {

    private static final Path TOMCAT_DOCKERFILE = Path.of("docker/tomcat/Dockerfile");
    private static final Path PAYARA_DOCKERFILE = Path.of("docker/payara-micro/Dockerfile");
    private static final Path COMPOSE_FILE = Path.of("docker/compose.yml");
    /** Tomcat's stock conf/server.xml has its HTTP connector here; the image keeps that file. */
    private static final int TOMCAT_STOCK_HTTP_PORT = 8080;
    /** Payara Micro's HTTP port when {@code --port} is not given. */
    private static final int PAYARA_MICRO_DEFAULT_PORT = 8080;
    private static final String TOMCAT_HOME = "/usr/local/tomcat";

    private final Pom pom = Pom.read(Path.of("pom.xml"));

    // ---- the Tomcat image --------------------------------------------------------------------

    @Test
    void theTomcatImageServesTheTomcatWarAsRootOnTheStockPort() throws Exception {
        Dockerfile df = Dockerfile.read(TOMCAT_DOCKERFILE);
        Stage run = df.last();
        String war = pom.finalName() + "-" + pom.warClassifier() + ".war";
        assertEquals("hubchat-tomcat.war", war, "the pom's Tomcat WAR (finalName-classifier.war)");

        Copy copy = run.copyOf(".war");
        assertEquals(List.of(df.build().path("target/" + war)), copy.sources(),
                "the Tomcat image copies the WAR the build stage produces");
        assertEquals(TOMCAT_HOME + "/webapps/ROOT.war", run.path(copy.dest()),
                "webapps/ROOT.war is served at the context root /");
        assertEquals(1, run.instructions("COPY").stream().filter(c -> c.args().contains(".war")).count(),
                "one application in webapps/");

        // Tomcat listens where its stock conf/server.xml says; the Dockerfile must not replace it.
        assertFalse(run.instructions("COPY").stream().anyMatch(c -> c.args().contains("server.xml")),
                "the image keeps Tomcat's stock server.xml");
        Optional<Integer> stock = stockTomcatHttpPort();
        int port = stock.orElse(TOMCAT_STOCK_HTTP_PORT);
        assertEquals(TOMCAT_STOCK_HTTP_PORT, port, "HTTP port of Tomcat's stock server.xml");
        assertEquals(List.of(port), run.exposed(), "EXPOSE the port Tomcat listens on");
        assertHealthCheck(run, df, port);
        assertEquals(List.of("catalina.sh", "run"), run.execForm("CMD"), "Tomcat in the foreground");
        assertTrue(run.instructions("USER").size() == 1 && !run.instructions("USER").get(0).args().equals("root"),
                "Tomcat does not run as root");
    }

    // ---- the Payara Micro image ----------------------------------------------------------------

    @Test
    void thePayaraImageDeploysThePlainWarAtTheRootOnItsExposedPort() throws Exception {
        Dockerfile df = Dockerfile.read(PAYARA_DOCKERFILE);
        Stage run = df.last();
        String war = pom.finalName() + ".war";
        assertEquals("hubchat.war", war, "the pom's WAR for full Jakarta EE servers (finalName.war)");

        Copy copy = run.copyOf(".war");
        assertEquals(List.of(df.build().path("target/" + war)), copy.sources(),
                "the Payara image copies the plain WAR the build stage produces");
        List<String> cmd = run.execForm("CMD");
        String deployed = option(cmd, "--deploy").orElseThrow(() -> new AssertionError("CMD has no --deploy: " + cmd));
        String contextRoot = option(cmd, "--contextroot").orElse(null);
        if (deployed.matches(".*\\.war:.*")) { // --deploy file.war:/root takes precedence
            contextRoot = deployed.substring(deployed.lastIndexOf(':') + 1);
            deployed = deployed.substring(0, deployed.lastIndexOf(':'));
        }
        assertEquals(run.path(copy.dest()), deployed, "Payara Micro deploys the WAR that was copied");
        assertEquals("/", contextRoot, "context root /");

        int port = option(cmd, "--port").map(Integer::parseInt).orElse(PAYARA_MICRO_DEFAULT_PORT);
        assertTrue(run.exposed().contains(port), "EXPOSE the HTTP port Payara Micro listens on (" + port + ")");
        assertHealthCheck(run, df, port);
    }

    // ---- both -----------------------------------------------------------------------------------

    @Test
    void bothImagesBuildTheWarsFromTheSourcesWithTheWrapper() throws Exception {
        for (Path file : List.of(TOMCAT_DOCKERFILE, PAYARA_DOCKERFILE)) {
            Dockerfile df = Dockerfile.read(file);
            Stage build = df.build();
            assertTrue(build.image().startsWith("eclipse-temurin:" + pom.property("maven.compiler.release") + "-jdk"),
                    file + ": the build stage is a JDK " + pom.property("maven.compiler.release") + " image: " + build.image());
            assertTrue(build.instructions("RUN").stream().anyMatch(r -> r.args().matches(
                    "(?s).*\\./mvnw -B -DskipTests package.*")), file + ": ./mvnw -B -DskipTests package");
            // What the build stage copies from the context exists and is not .dockerignore'd.
            List<String> ignored = dockerignore();
            for (Instruction c : build.instructions("COPY")) {
                Copy copy = Copy.parse(c);
                for (String src : copy.sources()) {
                    assertTrue(Files.exists(Path.of(src)), file + ": COPY source " + src + " exists in the repository");
                    assertFalse(ignored.contains(src), file + ": COPY source " + src + " is in .dockerignore");
                }
            }
            List<String> copied = build.instructions("COPY").stream()
                    .flatMap(c -> Copy.parse(c).sources().stream()).collect(Collectors.toList());
            for (String needed : List.of("mvnw", "pom.xml", ".mvn", "src", "docker/HealthCheck.java")) {
                assertTrue(copied.contains(needed), file + ": the build stage copies " + needed);
            }
        }
        List<String> ignored = dockerignore();
        assertTrue(ignored.contains("target") && ignored.contains(".git"), ".dockerignore leaves out target and .git");
    }

    @Test
    void theImagesArePinnedToTheVersionsTheTestsUse() throws Exception {
        String jdk = "jdk" + pom.property("maven.compiler.release");
        String tomcat = Dockerfile.read(TOMCAT_DOCKERFILE).last().image();
        assertTrue(tomcat.startsWith("tomcat:" + pom.property("tomcat.version") + "-" + jdk + "-"),
                "the Tomcat image is tomcat:<tomcat.version>-" + jdk + "-...: " + tomcat);
        String payara = Dockerfile.read(PAYARA_DOCKERFILE).last().image();
        String payaraVersion = pom.property("payara-micro.version");
        if (payaraVersion == null) {
            assertTrue(payara.matches("payara/micro:6\\.\\d{4}\\.\\d+-" + jdk), "payara/micro:6.x-" + jdk + ": " + payara);
        } else {
            assertEquals("payara/micro:" + payaraVersion + "-" + jdk, payara, "the Payara Micro the container tests use");
        }
    }

    @Test
    void theSettingsFileListsEverySetting() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker/hubchat.env"));
        for (Setting s : Setting.values()) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("#? ?" + s.env() + "=.*")),
                    "docker/hubchat.env lists " + s.env());
        }
        List<String> known = java.util.Arrays.stream(Setting.values()).map(Setting::env).collect(Collectors.toList());
        for (String line : lines) {
            if (line.startsWith("CHAT_")) {
                String name = line.substring(0, line.indexOf('='));
                assertTrue(known.contains(name), "docker/hubchat.env sets an unknown setting: " + line);
                assertFalse(line.endsWith("="), "an empty value is refused at start-up: " + line);
            }
        }
    }

    @Test
    void theHealthProbeTellsUpFromDown(@TempDir Path classes) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK");
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                "docker/HealthCheck.java"), "docker/HealthCheck.java compiles on its own");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        respond(server, "/health", 200, "{\"status\":\"up\",\"executor\":\"own\",\"rooms\":0,\"connections\":0}");
        respond(server, "/health/live", 200, "{\"status\":\"live\"}");
        respond(server, "/stopped", 503, "{\"status\":\"not_live\",\"reason\":\"stopped\"}");
        respond(server, "/health/ready", 503, "{\"status\":\"not_ready\",\"reason\":\"draining\"}");
        respond(server, "/down", 503, "{\"status\":\"up\"}");
        respond(server, "/other", 200, "{\"status\":\"starting\"}");
        server.start();
        PrintStream out = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Method check = loader.loadClass("HealthCheck").getDeclaredMethod("check", String.class, int.class);
            check.setAccessible(true);
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals(0, check.invoke(null, base + "/health", 2000), "200 and status up");
            assertEquals(0, check.invoke(null, base + "/health/live", 2000), "200 and status live");
            assertEquals(1, check.invoke(null, base + "/stopped", 2000), "503 not live");
            assertEquals(1, check.invoke(null, base + "/health/ready", 2000), "503 not ready");
            assertEquals(1, check.invoke(null, base + "/down", 2000), "503");
            assertEquals(1, check.invoke(null, base + "/other", 2000), "200 without status up");
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            assertEquals(1, check.invoke(null, "http://127.0.0.1:" + closed + "/health", 2000), "nothing listening");
        } finally {
            System.setOut(out);
            server.stop(0);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static void assertHealthCheck(Stage run, Dockerfile df, int port) {
        List<String> probe = run.execForm("HEALTHCHECK CMD");
        assertEquals("http://localhost:" + port + "/health/live", probe.get(probe.size() - 1),
                "the health check GETs the liveness probe on the port the server listens on (a draining node is alive)");
        int cp = probe.indexOf("-cp");
        assertTrue(cp > 0 && probe.get(0).equals("java") && probe.get(cp + 1 + 1).equals("HealthCheck"),
                "java -cp DIR HealthCheck URL: " + probe);
        Copy probeCopy = run.copyOf("HealthCheck.class");
        assertEquals(probe.get(cp + 1) + "/HealthCheck.class", run.path(probeCopy.dest()),
                "the probe class is where the health check's classpath points");
        Matcher javac = Pattern.compile("javac .*-d (\\S+) docker/HealthCheck\\.java").matcher(
                df.build().instructions("RUN").stream().map(Instruction::args).collect(Collectors.joining("\n")));
        assertTrue(javac.find(), "the build stage compiles docker/HealthCheck.java");
        assertEquals(List.of(javac.group(1) + "/HealthCheck.class"), probeCopy.sources(),
                "the probe class is copied from where javac put it");
    }

    private static Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }

    /** The HTTP connector port of the stock server.xml in the Tomcat zip, if Maven has it locally. */
    private Optional<Integer> stockTomcatHttpPort() throws Exception {
        String v = pom.property("tomcat.version");
        Path zip = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "tomcat", "tomcat",
                v, "tomcat-" + v + ".zip");
        if (!Files.isRegularFile(zip)) {
            return Optional.empty();
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry("apache-tomcat-" + v + "/conf/server.xml");
            if (e == null) {
                return Optional.empty();
            }
            Document doc;
            try (InputStream in = z.getInputStream(e)) {
                doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            }
            NodeList connectors = doc.getElementsByTagName("Connector");
            for (int i = 0; i < connectors.getLength(); i++) {
                Element c = (Element) connectors.item(i);
                String protocol = c.getAttribute("protocol");
                if (protocol.startsWith("HTTP/1.1") && !"true".equals(c.getAttribute("SSLEnabled"))) {
                    return Optional.of(Integer.parseInt(c.getAttribute("port")));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> dockerignore() throws IOException {
        return Files.readAllLines(Path.of(".dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    }

    private static void respond(HttpServer server, String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    // ---- the pom ------------------------------------------------------------------------------------

    /** What the pom says about the WARs: finalName, the Tomcat WAR's classifier, properties. */
    record Pom(Element project) {
        static Pom read(Path file) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                return new Pom(f.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
            } catch (Exception e) {
                throw new AssertionError("cannot read " + file, e);
            }
        }

        String finalName() {
            return text(child(project, "build"), "finalName");
        }

        /** The classifier of the maven-war-plugin execution that builds the second WAR. */
        String warClassifier() {
            NodeList plugins = project.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if ("maven-war-plugin".equals(text(plugin, "artifactId"))) {
                    NodeList classifiers = plugin.getElementsByTagName("classifier");
                    if (classifiers.getLength() == 1) {
                        return classifiers.item(0).getTextContent().trim();
                    }
                }
            }
            throw new AssertionError("no maven-war-plugin execution with one classifier in pom.xml");
        }

        String property(String name) {
            Element props = child(project, "properties");
            return props == null ? null : text(props, name);
        }

        private static Element child(Element parent, String name) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    return e;
                }
            }
            return null;
        }

        private static String text(Element parent, String name) {
            Element e = child(parent, name);
            return e == null ? null : e.getTextContent().trim();
        }
    }

    // ---- Dockerfiles -------------------------------------------------------------------------------

    record Instruction(String keyword, String args) {
    }

    /** One stage: its base image, its name (AS ...), its instructions. */
    record Stage(String image, String name, List<Instruction> body) {
        List<Instruction> instructions(String keyword) {
            return body.stream().filter(i -> i.keyword().equals(keyword)).collect(Collectors.toList());
        }

        /** The stage's WORKDIR at the end (last one wins), or "/". */
        String workdir() {
            List<Instruction> w = instructions("WORKDIR");
            return w.isEmpty() ? "/" : w.get(w.size() - 1).args();
        }

        /** A path as the stage sees it: relative paths are resolved against its WORKDIR. */
        String path(String p) {
            return p.startsWith("/") ? p : Path.of(workdir()).resolve(p).normalize().toString();
        }

        List<Integer> exposed() {
            return instructions("EXPOSE").stream().flatMap(e -> List.of(e.args().split("\\s+")).stream())
                    .map(port -> Integer.parseInt(port.replace("/tcp", ""))).collect(Collectors.toList());
        }

        /** The one COPY whose arguments contain {@code what}. */
        Copy copyOf(String what) {
            List<Instruction> copies = instructions("COPY").stream().filter(c -> c.args().contains(what))
                    .collect(Collectors.toList());
            assertEquals(1, copies.size(), "one COPY of " + what + " in the stage FROM " + image);
            return Copy.parse(copies.get(0));
        }

        /** The JSON (exec) form of CMD, ENTRYPOINT, or "HEALTHCHECK CMD" (the last one). */
        List<String> execForm(String keyword) {
            String k = keyword.split(" ")[0];
            List<Instruction> found = instructions(k);
            assertFalse(found.isEmpty(), "no " + keyword + " in the stage FROM " + image);
            String args = found.get(found.size() - 1).args();
            if (keyword.equals("HEALTHCHECK CMD")) {
                int cmd = args.indexOf(" CMD ");
                assertTrue(cmd >= 0, "HEALTHCHECK ... CMD [...]: " + args);
                args = args.substring(cmd + 5).trim();
            }
            return jsonStrings(args);
        }
    }

    /** COPY [--from=..] [--chown=..] SRC... DEST. */
    record Copy(String from, List<String> sources, String dest) {
        static Copy parse(Instruction c) {
            List<String> words = new ArrayList<>(List.of(c.args().trim().split("\\s+")));
            String from = null;
            while (!words.isEmpty() && words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            assertTrue(words.size() >= 2, "COPY SRC... DEST: " + c.args());
            return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
        }
    }

    record Dockerfile(Path file, List<Stage> stages) {
        static Dockerfile read(Path file) throws IOException {
            List<Stage> stages = new ArrayList<>();
            List<Instruction> current = null;
            StringBuilder logical = new StringBuilder();
            List<String> lines = new ArrayList<>();
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("#")) {
                    continue; // comments, also inside continued lines
                }
                if (line.endsWith("\\")) {
                    logical.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                logical.append(line);
                if (!logical.toString().isBlank()) {
                    lines.add(logical.toString().strip());
                }
                logical.setLength(0);
            }
            for (String line : lines) {
                String[] parts = line.split("\\s+", 2);
                String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
                String args = parts.length > 1 ? parts[1].replaceAll("\\s+", " ").strip() : "";
                if (keyword.equals("FROM")) {
                    String[] from = args.split("\\s+");
                    String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
                    current = new ArrayList<>();
                    stages.add(new Stage(from[0], name, current));
                } else {
                    assertNotNull(current, file + ": " + keyword + " before FROM");
                    current.add(new Instruction(keyword, args));
                }
            }
            assertFalse(stages.isEmpty(), file + " has no FROM");
            return new Dockerfile(file, stages);
        }

        Stage last() {
            return stages.get(stages.size() - 1);
        }

        /** The stage named "build", which the run stage copies from. */
        Stage build() {
            return stages.stream().filter(s -> "build".equals(s.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " has no stage AS build"));
        }
    }

    private static List<String> jsonStrings(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken(), "exec form [\"...\"]: " + json);
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            }
            assertEquals(JsonToken.END_ARRAY, t, "only strings in " + json);
        } catch (IOException e) {
            throw new AssertionError("not a JSON array: " + json, e);
        }
        return out;
    }
}
