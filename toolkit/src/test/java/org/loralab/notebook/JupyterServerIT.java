package org.loralab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.cli.CliRun;
import org.loralab.cli.Launcher;

/**
 * The kernel from a browser's point of view: Debian's {@code jupyter server} on 127.0.0.1 lists the
 * {@code loralab} kernel, starts it through the REST API and runs a cell through the websocket channel.
 */
class JupyterServerIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsStartsAndExecutesTheKernelThroughRestAndWebsocket(@TempDir Path dir) throws Exception {
        CliRun install = Launcher.run("kernel", "install", "--prefix", dir.resolve("prefix").toString());
        assertThat(install.status()).as(install.err()).isZero();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/jupyter", "server", "--no-browser", "--allow-root",
                "--ip=127.0.0.1", "--port=" + port, "--ServerApp.token=" + TOKEN, "--ServerApp.root_dir=" + dir)
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().put("JUPYTER_PATH", dir.resolve("prefix/share/jupyter").toString());
        Process server = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            waitUntil(() -> get(base + "/api/status") != null, 60);
            JsonNode specs = get(base + "/api/kernelspecs");
            assertThat(specs.path("kernelspecs").path("loralab").path("spec").path("display_name").asText())
                    .isEqualTo("Java (LoRA Lab)");

            JsonNode kernel = send(HttpRequest.newBuilder(URI.create(base + "/api/kernels"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"loralab\"}")));
            String id = kernel.path("id").asText();
            assertThat(kernel.path("name").asText()).isEqualTo("loralab");
            // the server asks the kernel for kernel_info once a websocket connects; the cell then runs

            String result = execute("ws://127.0.0.1:" + port + "/api/kernels/" + id + "/channels?token=" + TOKEN,
                    "new org.loralab.nn.MlpConfig(64, List.of(64), 96, org.loralab.nn.Activation.TANH).moduleShapes().keySet()");
            assertThat(result).contains("layers.0").contains("head");
            assertThat(get(base + "/api/kernels/" + id).path("execution_state").asText()).isIn("idle", "busy");
            send(HttpRequest.newBuilder(URI.create(base + "/api/kernels/" + id)).DELETE());
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + java.nio.file.Files.readString(dir.resolve("server.log")), e);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /**
     * Connects to the kernel's websocket as a front end does: asks for kernel_info until the kernel answers,
     * then sends one execute_request and returns the text/html of its execute_result.
     */
    private String execute(String url, String code) throws Exception {
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        inbox.add(JSON.readTree(partial.toString()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(90, TimeUnit.SECONDS);
        String session = UUID.randomUUID().toString();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean ready = false;
            while (!ready && System.nanoTime() < deadline) {
                String infoId = send(ws, session, "kernel_info_request", Map.of());
                ready = awaitReply(inbox, infoId, "kernel_info_reply", 3) != null;
            }
            assertThat(ready).as("kernel_info_reply through the server").isTrue();
            String execId = send(ws, session, "execute_request", Map.of("code", code, "silent", false,
                    "store_history", true, "user_expressions", Map.of(), "allow_stdin", false, "stop_on_error", true));
            JsonNode result = awaitReply(inbox, execId, "execute_result", 120);
            assertThat(result).as("execute_result").isNotNull();
            return result.path("content").path("data").path("text/html").asText();
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static String send(WebSocket ws, String session, String type, Map<String, Object> content) throws Exception {
        String msgId = UUID.randomUUID().toString();
        Map<String, Object> message = Map.of(
                "header", Map.of("msg_id", msgId, "username", "test", "session", session, "msg_type", type,
                        "version", "5.3"),
                "parent_header", Map.of(), "metadata", Map.of(), "channel", "shell", "buffers", List.of(),
                "content", content);
        ws.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        return msgId;
    }

    /** The first message of {@code type} answering {@code msgId} within {@code seconds}, or null; errors fail. */
    private static JsonNode awaitReply(BlockingQueue<JsonNode> inbox, String msgId, String type, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode msg = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (msg == null || !msgId.equals(msg.path("parent_header").path("msg_id").asText())) {
                continue;
            }
            String t = msg.path("header").path("msg_type").asText();
            if (t.equals("error")) {
                throw new AssertionError("the cell failed: " + msg.path("content"));
            }
            if (t.equals(type)) {
                return msg;
            }
        }
        return null;
    }

    private JsonNode get(String url) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).GET());
        } catch (IOException e) {
            return null; // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.header("Authorization", "token " + TOKEN)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
