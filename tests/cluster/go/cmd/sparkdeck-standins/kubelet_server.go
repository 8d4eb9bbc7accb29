// Kubelet API of the kubelet STAND-IN: the container log endpoint, which is what
// `kubectl logs` and SparkDeck reach through the API server's pods/log subresource, and
// the port-forward endpoint behind pods/portforward.
//
// It mirrors the real kubelet's GET /containerLogs/{namespace}/{pod}/{container}:
// HTTPS with client certificates required (the API server presents its
// --kubelet-client-certificate), plain-text chunked output, and the query parameters
// follow, tailLines, sinceTime (RFC 3339), sinceSeconds, timestamps, limitBytes,
// previous and stream. With timestamps=true each line is prefixed with the time it was
// written, in the fixed-width RFC 3339 nanosecond UTC format the kubelet uses, and a
// space. tailLines selects the last lines first and since* then filters them, as the
// CRI log reader does. With follow=true new lines are streamed as the container writes
// them and the response ends when the container terminates. Errors use the kubelet's
// status codes and messages, e.g. 400 `container "x" in pod "y" is waiting to start:
// ContainerCreating`, which the API server relays to the client.
//
// Port-forward mirrors the real kubelet's /portForward/{namespace}/{pod}[/{uid}] (GET
// or POST): the request is served by the kubelet's own streaming package
// (k8s.io/kubelet/pkg/cri/streaming/portforward, SPDY and WebSocket), and each stream is
// connected to the port on the pod's IP. Only the process runtime has something
// listening there; with simulated containers the connection is refused and kubectl
// shows the error the kubelet sends on the stream.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/kubelet/pkg/cri/streaming/portforward"
)

// rfc3339NanoFixed is the timestamp layout of `kubectl logs --timestamps`.
const rfc3339NanoFixed = "2006-01-02T15:04:05.000000000Z07:00"

func (k *kubelet) apiHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", k.containerLogs)
	for _, pattern := range []string{"/portForward/{namespace}/{pod}", "/portForward/{namespace}/{pod}/{uid}"} {
		mux.HandleFunc("GET "+pattern, k.portForward)
		mux.HandleFunc("POST "+pattern, k.portForward)
	}
	return mux
}

// portForward serves pods/portforward as the kubelet's getPortForward does.
func (k *kubelet) portForward(w http.ResponseWriter, r *http.Request) {
	namespace, podName, uid := r.PathValue("namespace"), r.PathValue("pod"), types.UID(r.PathValue("uid"))
	opts, err := portforward.NewV4Options(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	k.mu.Lock()
	pr := k.byName[namespace+"/"+podName]
	k.mu.Unlock()
	if pr == nil || (uid != "" && pr.pod.UID != uid) {
		http.Error(w, "pod does not exist", http.StatusNotFound)
		return
	}
	portforward.ServePortForward(w, r, podPortForwarder{k}, namespace+"/"+podName, pr.pod.UID, opts,
		4*time.Hour, 30*time.Second, portforward.SupportedProtocols)
}

// podPortForwarder connects port-forward streams to ports on the pods' IPs.
type podPortForwarder struct{ k *kubelet }

func (f podPortForwarder) PortForward(ctx context.Context, name string, uid types.UID, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	f.k.mu.Lock()
	pr := f.k.byName[name]
	var podIP string
	if pr != nil && pr.pod.UID == uid {
		podIP = pr.status.PodIP
	}
	f.k.mu.Unlock()
	if podIP == "" {
		return fmt.Errorf("pod %s has no IP (not running on this node)", name)
	}
	conn, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, "tcp", net.JoinHostPort(podIP, fmt.Sprint(port)))
	if err != nil {
		return fmt.Errorf("failed to connect to localhost:%d inside namespace %q: %w", port, name, err)
	}
	defer conn.Close()
	if err := pipeBoth(conn, stream); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("error forwarding port %d to pod %s: %w", port, name, err)
	}
	return nil
}

// logOptions is the kubelet's reading of the pods/log query.
type logOptions struct {
	follow, timestamps, previous bool
	tailLines, limitBytes        int64 // -1: not set
	since                        time.Time
}

func parseLogOptions(r *http.Request, now time.Time) (logOptions, int, error) {
	q := r.URL.Query()
	opts := logOptions{tailLines: -1, limitBytes: -1}
	var err error
	parseBool := func(name string, dst *bool) {
		if v := q.Get(name); v != "" && err == nil {
			*dst, err = strconv.ParseBool(v)
		}
	}
	parseInt := func(name string, dst *int64) (set bool) {
		if v := q.Get(name); v != "" && err == nil {
			*dst, err = strconv.ParseInt(v, 10, 64)
			return true
		}
		return false
	}
	parseBool("follow", &opts.follow)
	parseBool("timestamps", &opts.timestamps)
	parseBool("previous", &opts.previous)
	tailSet := parseInt("tailLines", &opts.tailLines)
	limitSet := parseInt("limitBytes", &opts.limitBytes)
	var sinceSeconds int64
	sinceSecondsSet := parseInt("sinceSeconds", &sinceSeconds)
	if v := q.Get("sinceTime"); v != "" && err == nil {
		opts.since, err = time.Parse(time.RFC3339, v)
	}
	if err != nil {
		return opts, http.StatusBadRequest, errors.New(`{"message": "Unable to decode query."}`)
	}
	// The same checks as the API's PodLogOptions validation.
	invalid := (tailSet && opts.tailLines < 0) || (limitSet && opts.limitBytes < 1) ||
		(sinceSecondsSet && sinceSeconds < 1) || (sinceSecondsSet && !opts.since.IsZero())
	if invalid {
		return opts, http.StatusUnprocessableEntity, errors.New(`{"message": "Invalid request."}`)
	}
	if sinceSecondsSet {
		opts.since = now.Add(-time.Duration(sinceSeconds) * time.Second)
	}
	if s := q.Get("stream"); s != "" && s != string(corev1.LogStreamAll) {
		return opts, http.StatusBadRequest, fmt.Errorf("unable to return the given log stream: %q. Please enable PodLogsQuerySplitStreams feature gate in kubelet", s)
	}
	return opts, 0, nil
}

func (k *kubelet) containerLogs(w http.ResponseWriter, r *http.Request) {
	namespace, podName, container := r.PathValue("namespace"), r.PathValue("pod"), r.PathValue("container")
	opts, code, err := parseLogOptions(r, time.Now())
	if err != nil {
		http.Error(w, err.Error(), code)
		return
	}

	k.mu.Lock()
	pr := k.byName[namespace+"/"+podName]
	var out *logBuffer
	if pr != nil {
		err = validateContainerLogStatus(pr, container, opts.previous)
		out = pr.logs[container]
	}
	k.mu.Unlock()
	switch {
	case pr == nil:
		http.Error(w, fmt.Sprintf("pod %q does not exist", podName), http.StatusNotFound)
		return
	case err != nil:
		http.Error(w, err.Error(), err.(statusError).code)
		return
	}

	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Transfer-Encoding", "chunked")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	budget := opts.limitBytes

	lines, closed, changed := out.read(0)
	start := 0
	if opts.tailLines >= 0 && int64(len(lines)) > opts.tailLines {
		start = len(lines) - int(opts.tailLines)
	}
	next := len(lines)
	lines = lines[start:]
	for {
		for _, l := range lines {
			if l.at.Before(opts.since) {
				continue
			}
			text := l.text + "\n"
			if opts.timestamps {
				text = l.at.UTC().Format(rfc3339NanoFixed) + " " + text
			}
			if budget >= 0 && int64(len(text)) >= budget {
				_, _ = w.Write([]byte(text[:budget]))
				return
			}
			if _, err := w.Write([]byte(text)); err != nil {
				return
			}
			if budget >= 0 {
				budget -= int64(len(text))
			}
		}
		if flusher != nil {
			flusher.Flush()
		}
		if !opts.follow || closed {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-k.ctx.Done():
			return
		}
		lines, closed, changed = out.read(next)
		next += len(lines)
	}
}

type statusError struct {
	code int
	msg  string
}

func (e statusError) Error() string { return e.msg }

// validateContainerLogStatus mirrors the kubelet's choice of which container instance
// to read, and its refusals. Called with kubelet.mu held.
func validateContainerLogStatus(pr *podRuntime, container string, previous bool) error {
	found := false
	for _, c := range pr.pod.Spec.Containers {
		found = found || c.Name == container
	}
	if !found {
		return statusError{http.StatusNotFound, fmt.Sprintf("container %q not found in pod %q", container, pr.pod.Name)}
	}
	badRequest := func(format string) error {
		return statusError{http.StatusBadRequest, fmt.Sprintf(format, container, pr.pod.Name)}
	}
	var status *corev1.ContainerStatus
	for i := range pr.status.ContainerStatuses {
		if pr.status.ContainerStatuses[i].Name == container {
			status = &pr.status.ContainerStatuses[i]
		}
	}
	switch {
	case status == nil:
		return badRequest("container %q in pod %q is not available")
	case previous:
		// Spark pods never restart (restartPolicy Never), so there is no previous instance.
		return badRequest("previous terminated container %q in pod %q not found")
	case status.State.Running != nil, status.State.Terminated != nil:
		return nil
	case status.State.Waiting != nil:
		return statusError{http.StatusBadRequest, fmt.Sprintf("container %q in pod %q is waiting to start: %v", container, pr.pod.Name, status.State.Waiting.Reason)}
	default:
		return badRequest("container %q in pod %q is waiting to start - no logs yet")
	}
}

// logBuffer is one container's output, kept in memory in place of a CRI log file.
type logBuffer struct {
	mu      sync.Mutex
	lines   []logLine
	closed  bool          // the container has exited
	changed chan struct{} // closed and replaced on every append and on close
}

type logLine struct {
	at   time.Time
	text string
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

// print appends text, one log line per text line, stamped with the current time.
func (b *logBuffer) print(text string) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range strings.Split(text, "\n") {
		b.lines = append(b.lines, logLine{at: now, text: line})
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

func (b *logBuffer) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	close(b.changed)
	b.changed = make(chan struct{})
}

// read returns the lines from index from on, whether the container has exited, and a
// channel that is closed when more output (or the exit) arrives.
func (b *logBuffer) read(from int) ([]logLine, bool, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]logLine(nil), b.lines[from:]...), b.closed, b.changed
}
