package hubchat.testing;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a suite marked {@link RequiresPrograms} only when every program it names is there.
 * Otherwise it skips the suite with one line on the test output (for a class, once: JUnit does
 * not look at the methods of a class it skipped) and in {@link SkippedSuitesFile}, such as
 * {@code SKIPPED hubchat.browser.ChatPageIT: needs /usr/bin/chromium and /usr/bin/chromedriver
 * (apt-get install chromium chromium-driver)}; under {@value #REQUIRE_ALL} the suite fails with
 * the same words, so nothing is skipped without a person seeing a red build.
 *
 * <p>Settings are JUnit configuration parameters, which fall back to system properties: the pom
 * passes {@value #REQUIRE_ALL} and {@value SkippedSuitesFile#PROPERTY} to every test run.
 */
public final class MissingProgramCondition implements ExecutionCondition {

    /** The switch that turns every skip into a failure; set (empty or "true") unless "false". */
    public static final String REQUIRE_ALL = "hubchat.require-all";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresPrograms> marked = AnnotationSupport.findAnnotation(context.getElement(), RequiresPrograms.class);
        if (marked.isEmpty()) {
            return ConditionEvaluationResult.enabled("needs no program outside the JVM");
        }
        UnaryOperator<String> settings = key -> context.getConfigurationParameter(key).orElse(null);
        List<SystemProgram> missing = Arrays.stream(marked.get().value())
                .filter(p -> p.find(settings, System.getenv("PATH")).isEmpty())
                .collect(Collectors.toList());
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every program it needs is there");
        }
        String needs = suiteName(context) + ": " + needs(missing, settings);
        if (requireAll(settings.apply(REQUIRE_ALL))) {
            throw new IllegalStateException(needs + "; -D" + REQUIRE_ALL + " allows no skips");
        }
        String line = "SKIPPED " + needs;
        System.err.println(line);
        String file = settings.apply(SkippedSuitesFile.PROPERTY);
        new SkippedSuitesFile(Path.of(file != null ? file : SkippedSuitesFile.DEFAULT)).add(line);
        return ConditionEvaluationResult.disabled(line);
    }

    /** "needs A and B (apt-get install a b)" for the programs that are missing. */
    static String needs(List<SystemProgram> missing, UnaryOperator<String> settings) {
        return "needs " + missing.stream().map(p -> p.wanted(settings)).collect(Collectors.joining(" and "))
                + " (apt-get install " + missing.stream().map(SystemProgram::debianPackage).distinct()
                        .collect(Collectors.joining(" ")) + ")";
    }

    /** {@code -Dhubchat.require-all} arrives as "true" from Maven and as "" from a plain JVM. */
    static boolean requireAll(String value) {
        return value != null && !value.strip().equalsIgnoreCase("false");
    }

    /** The class, or Class#method when only that method needs the programs. */
    private static String suiteName(ExtensionContext context) {
        String suite = context.getRequiredTestClass().getName();
        return context.getElement().filter(e -> e instanceof Method)
                .map(m -> suite + "#" + ((Method) m).getName()).orElse(suite);
    }
}
