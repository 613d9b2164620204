package org.encore.kg;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.Transaction;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs the Neo4j 5 Community engine embedded in this JVM with only the Bolt
 * connector enabled, so that ordinary Bolt clients (e.g. the Python driver)
 * can connect to it.
 *
 * <p>Usage: {@code NEO4J_PASSWORD=... java -cp ... org.encore.kg.EmbeddedNeo4j
 * --home DIR [--host 127.0.0.1] [--port 7687]}
 *
 * <p>Environment: {@code NEO4J_PASSWORD} (required, at least 8 characters),
 * {@code NEO4J_PAGECACHE} (page cache size, default {@code 256m}),
 * {@code NEO4J_TX_MEMORY} (optional global cap on transaction memory, e.g. {@code 512m}).
 *
 * <p>Stdout protocol: short status lines prefixed {@code encore-neo4j:}, then
 * exactly one {@code ENCORE_NEO4J_READY bolt://HOST:PORT} line once Bolt accepts
 * connections and the password is in place, and {@code ENCORE_NEO4J_STOPPED}
 * after a clean shutdown (SIGTERM / SIGINT). Fatal errors are reported as a
 * single {@code ENCORE_NEO4J_ERROR ...} line on stderr; details go to
 * {@code HOME/logs/encore-launcher.log}. Exit codes: 2 = usage/configuration
 * error, 1 = startup failure.
 */
public final class EmbeddedNeo4j {

    private static final String READY = "ENCORE_NEO4J_READY";
    private static final String STOPPED = "ENCORE_NEO4J_STOPPED";
    private static final String ERROR = "ENCORE_NEO4J_ERROR";

    private static final String ADMIN_USER = "neo4j";
    private static final int MIN_PASSWORD_LENGTH = 8; // Neo4j 5 default minimum
    private static final long DB_AVAILABLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private static final int EXIT_STARTUP_FAILED = 1;
    private static final int EXIT_USAGE = 2;

    private static final String USAGE =
            "usage: EmbeddedNeo4j --home DIR [--host 127.0.0.1] [--port 7687]"
                    + " (env: NEO4J_PASSWORD required; NEO4J_PAGECACHE, NEO4J_TX_MEMORY optional)";

    private EmbeddedNeo4j() {}

    /** Thrown for invalid command-line options or environment; reported without a stack trace. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Parsed command line and environment. */
    private record Options(Path home, String host, int port, String password, long pageCache, Long txMemory) {}

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args, System.getenv());
        } catch (UsageException e) {
            fail(EXIT_USAGE, e.getMessage() + " (try --help)");
            return;
        }

        Path logsDir = options.home().resolve("logs");
        Path launcherLog = logsDir.resolve("encore-launcher.log");
        try {
            Files.createDirectories(logsDir);
        } catch (IOException e) {
            fail(EXIT_STARTUP_FAILED, "cannot create home directory " + options.home() + ": " + e.getMessage());
            return;
        }

        String boltUri = "bolt://" + formatHostPort(options.host(), options.port());
        status("starting Neo4j (home=" + options.home() + ", bolt=" + boltUri + ")");
        hintMissingJvmFlags();
        long startNanos = System.nanoTime();

        // Fail fast (before databases are opened) if the Bolt address is taken; Neo4j would only
        // notice after several seconds of startup work.
        try {
            checkPortFree(options.host(), options.port());
        } catch (IOException e) {
            fail(EXIT_STARTUP_FAILED, "cannot listen on " + formatHostPort(options.host(), options.port())
                    + " (" + describeBindFailure(e) + ")");
            return;
        }

        DatabaseManagementService service = null;
        Thread shutdownHook = null;
        try (OutputStream userLog = Files.newOutputStream(
                logsDir.resolve("neo4j.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            service = start(options, userLog);
            // From here on SIGTERM/SIGINT (and System.exit) stop the DBMS cleanly.
            DatabaseManagementService running = service;
            shutdownHook = new Thread(() -> stop(running, launcherLog), "encore-neo4j-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            awaitAvailable(service, GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            awaitAvailable(service, GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            setPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), options.password());
            checkBoltAccepts(options.host(), options.port());

            status(String.format("started in %.1fs", (System.nanoTime() - startNanos) / 1e9));
            System.out.println(READY + " " + boltUri);
            System.out.flush();

            // Neo4j runs on its own threads; park the main thread until the JVM exits.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            logToFile(launcherLog, "startup failed", t);
            String message = describeStartupFailure(t, options);
            if (service != null) {
                // Stop here rather than in the hook, so no STOPPED line follows the error.
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                    service.shutdown();
                } catch (Throwable shutdownError) {
                    logToFile(launcherLog, "shutdown after failed startup also failed", shutdownError);
                }
            }
            fail(EXIT_STARTUP_FAILED, message + " (details: " + launcherLog + ")");
        }
    }

    /** Builds and starts the DBMS: Bolt only, auth on, loopback-only by default, no phoning home. */
    private static DatabaseManagementService start(Options options, OutputStream userLog) {
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(options.home())
                // Anything that listens at all binds to the requested host only.
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(options.host()))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(options.host(), options.port()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(options.host(), options.port()))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCache())
                // Netty's graceful-shutdown quiet period (default 5s, paid once per Bolt event loop
                // group) only delays exit: the databases are already stopped when it runs.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setUserLogProvider(new Log4jLogProvider(userLog));
        if (options.txMemory() != null) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, options.txMemory());
        }
        return builder.build();
    }

    /**
     * Neo4j falls back to slower code paths (and logs warnings about file descriptors and
     * DirectByteBuffer) when the JDK internals it uses are not opened to it.
     */
    private static void hintMissingJvmFlags() {
        Module self = EmbeddedNeo4j.class.getModule();
        Module javaBase = Object.class.getModule();
        if (!javaBase.isOpen("java.nio", self) || !javaBase.isOpen("java.io", self)
                || !javaBase.isOpen("sun.nio.ch", self)) {
            status("hint: run the JVM with --add-opens=java.base/java.nio=ALL-UNNAMED"
                    + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        }
    }

    private static void awaitAvailable(DatabaseManagementService service, String name) {
        if (!service.database(name).isAvailable(DB_AVAILABLE_TIMEOUT_MS)) {
            throw new IllegalStateException("database '" + name + "' did not become available");
        }
    }

    /**
     * Gives the built-in admin user the configured password without a forced change. Runs on every
     * start so a new NEO4J_PASSWORD takes effect; Neo4j refuses to "change" a password to its
     * current value, which simply means there is nothing to do.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER " + ADMIN_USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", password))
                    .close();
            tx.commit();
            status("password for user '" + ADMIN_USER + "' set from NEO4J_PASSWORD");
        } catch (QueryExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.contains("Old password and new password cannot be the same")) {
                throw e;
            }
            status("password for user '" + ADMIN_USER + "' unchanged");
        }
    }

    /** Binds and releases the Bolt address, with the same SO_REUSEADDR behaviour as Neo4j's Netty server. */
    private static void checkPortFree(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        }
    }

    private static String describeBindFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("already in use")) {
            return "port already in use";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        return message.contains("assign requested address") ? "address not available on this machine" : message;
    }

    /** Confirms the Bolt port accepts TCP connections before READY is announced. */
    private static void checkBoltAccepts(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Duration.ofSeconds(5).toMillis());
        } catch (IOException e) {
            throw new IOException("Bolt connector is not accepting connections on "
                    + formatHostPort(host, port) + ": " + e.getMessage(), e);
        }
    }

    private static void stop(DatabaseManagementService service, Path launcherLog) {
        status("stopping Neo4j");
        try {
            service.shutdown();
        } catch (Throwable t) {
            logToFile(launcherLog, "shutdown failed", t);
            System.err.println(ERROR + " shutdown failed: " + t + " (details: " + launcherLog + ")");
            System.err.flush();
        }
        System.out.println(STOPPED);
        System.out.flush();
    }

    // ---------------------------------------------------------------- options

    private static Options parse(String[] args, Map<String, String> env) throws UsageException {
        String home = null;
        String host = "127.0.0.1";
        String port = "7687";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                case "--home", "--host", "--port" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("missing value for " + name);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--home" -> home = value;
                        case "--host" -> host = value;
                        default -> port = value;
                    }
                }
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }

        if (home == null || home.isBlank()) {
            throw new UsageException("--home is required");
        }
        if (host.isBlank()) {
            throw new UsageException("--host must not be empty");
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            portNumber = -1;
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw new UsageException("invalid --port: " + port);
        }

        String password = env.get("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new UsageException("NEO4J_PASSWORD is not set");
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new UsageException("NEO4J_PASSWORD must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }

        long pageCache = parseBytes("NEO4J_PAGECACHE", env.getOrDefault("NEO4J_PAGECACHE", "256m"));
        String txMemoryRaw = env.get("NEO4J_TX_MEMORY");
        Long txMemory = txMemoryRaw == null || txMemoryRaw.isBlank() ? null : parseBytes("NEO4J_TX_MEMORY", txMemoryRaw);

        return new Options(Path.of(home).toAbsolutePath().normalize(), host.trim(), portNumber, password, pageCache, txMemory);
    }

    /** Parses sizes the way neo4j.conf does ("256m", "1g", "512k", plain bytes). */
    private static long parseBytes(String variable, String value) throws UsageException {
        try {
            return SettingValueParsers.BYTES.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + variable + " '" + value + "' (expected e.g. 256m or 1g)");
        }
    }

    // ---------------------------------------------------------------- reporting

    /** Turns a startup exception into one human-readable line. */
    private static String describeStartupFailure(Throwable failure, Options options) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || name.equals("PortBindException")
                    || message.contains("Address already in use")) {
                return "cannot listen on " + formatHostPort(options.host(), options.port())
                        + " (port already in use or address not available)";
            }
            if (name.equals("FileLockException") || message.contains("locked by another process")) {
                return "Neo4j home " + options.home() + " is already in use by another Neo4j process";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = root.getClass().getSimpleName() + ": " + root.getMessage();
        String topText = String.valueOf(failure.getMessage());
        return "Neo4j failed to start: " + (root == failure ? rootText : topText + " / caused by " + rootText);
    }

    private static String formatHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void status(String message) {
        System.out.println("encore-neo4j: " + message);
        System.out.flush();
    }

    private static void fail(int exitCode, String message) {
        System.out.flush();
        System.err.println(ERROR + " " + message);
        System.err.flush();
        System.exit(exitCode);
    }

    /** Appends a timestamped stack trace to the launcher log; never throws. */
    private static void logToFile(Path file, String what, Throwable t) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            out.println(OffsetDateTime.now() + " " + what);
            t.printStackTrace(out);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the one-line error on stderr is still printed.
        }
    }
}
