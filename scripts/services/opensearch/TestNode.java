import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch 2.19 node for the test services, built from the Maven Central jars instead of
 * the distribution (which has no Debian package and cannot be downloaded here).
 *
 * Usage: java -cp CLASSES:JARS TestNode CONFIG_DIR key=value...
 * CONFIG_DIR holds log4j2.properties; every key=value becomes a node setting (path.home,
 * path.data, path.logs, http.port, transport.port ...).
 */
public final class TestNode {
    /** The distribution loads modules from its modules/ folder; without one, plugins come from the classpath. */
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment) {
            // true: refuse private index settings, as a production node does.
            super(environment, PLUGINS, true);
        }
    }

    private TestNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TestNode CONFIG_DIR key=value...");
            System.exit(2);
        }
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings(args), Map.of(), Path.of(args[0]).toAbsolutePath(), () -> "stacks-test-node");
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(environment);

        Node node = new ClasspathNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, stopped), "stacks-test-node-shutdown"));
        node.start();
        // The node's own threads are daemons; without this wait the JVM would exit at once.
        stopped.await();
    }

    private static Settings settings(String[] args) {
        Settings.Builder builder = Settings.builder()
            .put("cluster.name", "stacks-test")
            .put("node.name", "stacks-test-node")
            // A nearly full build disk must not turn the test indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + args[i]);
            }
            builder.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        // Put last so that no argument can widen them: one node, loopback only.
        return builder
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .build();
    }

    private static void stop(Node node, CountDownLatch stopped) {
        try {
            node.close();
            node.awaitClose(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            stopped.countDown();
        }
    }
}
