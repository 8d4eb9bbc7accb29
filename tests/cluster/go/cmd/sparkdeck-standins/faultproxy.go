// Fault-injection proxy (role "faultproxy"): TEST INFRASTRUCTURE, not a stand-in for
// any Kubernetes component. It sits between a client (SparkDeck, kubectl) and the real
// kube-apiserver of the local control plane and breaks things on request, so that
// tests can check that watches, lists and followed logs recover: answers with 410,
// 429 or 500, a watch ended by a 410 ERROR event, responses cut mid-stream, every
// connection dropped at once, and an API server that cannot be reached.
// tests/cluster/faultproxy starts it; README.md documents it.
//
// The proxy (--listen, loopback only) serves HTTPS with HTTP/2 and HTTP/1.1 and
// requires a client certificate signed by --client-ca-file. It forwards every request
// to --upstream over TLS verified with --upstream-ca-file, presenting
// --upstream-client-cert-file: all clients reach the API server with that one identity
// (the cluster admin), whatever certificate they showed the proxy; Impersonate-*
// headers pass through. Responses are relayed as they arrive (each write is flushed),
// so watches and `pods/log?follow=true` stream. When the API server cannot be reached
// (restart-apiserver) the client's connection is reset rather than answered with 502,
// as a client connected directly would see a network error.
//
// The control API (--control-listen, plain HTTP, loopback only; JSON in and out):
//
//	POST   /faults    add a fault (below); answers it with its id
//	GET    /faults    the pending faults
//	DELETE /faults    remove every pending fault
//	POST   /drop-all  reset every client connection now (in-flight streams included)
//	POST   /pause     refuse new connections (?mode=hold: accept nothing until resume,
//	                  so clients time out); requests arriving on connections opened
//	                  before have them reset (hold: wait); streams in flight go on
//	POST   /resume    undo /pause
//	POST   /freeze    every client connection open now goes silent for good, as after a
//	                  laptop sleep: nothing more is relayed either way, yet the socket
//	                  stays open (no FIN, no RST; bytes from the client are read and
//	                  discarded). New connections are served as usual.
//	GET    /stats     counters: requests, openStreams, openWatches, openConnections,
//	                  upstreamErrors, paused, pendingFaults, faults applied by kind
//
// A fault applies to the next `count` requests (default 1, -1 for every one until
// DELETE /faults) whose method (optional "method") and request URI as sent (path and
// query, percent-encoded) contain "match"; the first pending fault that matches wins:
//
//	{"match": "...", "action": "status", "status": 410|429|500|..., "count": N,
//	 "message": optional, "body": optional verbatim body, "retryAfter": optional}
//	    answer with that status and a Kubernetes Status (410 Expired "too old resource
//	    version: …", 429 TooManyRequests with Retry-After: 1, 500 InternalError).
//	    "retryAfter" is sent verbatim as the Retry-After header (delta-seconds or an
//	    HTTP-date, RFC 9110 §10.2.3; with a 429 it replaces the "1").
//	{"match": "...", "action": "watch-error-410", "count": N}
//	    watch requests only: relay the real stream until its first event (or for 1 s),
//	    then send an ERROR event with a 410 Expired Status and end the response, as the
//	    API server does when a watch's resource version was compacted. JSON streams only.
//	{"match": "...", "action": "drop", "count": N, "afterBytes": B, "scope": "stream"}
//	    relay B bytes of the response body (fewer if it is shorter), then cut it: over
//	    HTTP/1.1 the connection is closed mid-body, over HTTP/2 the stream is reset
//	    (RST_STREAM INTERNAL_ERROR); "scope": "connection" closes the whole connection
//	    (every HTTP/2 stream on it fails). The client never sees a clean end.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

// Fault actions.
const (
	actionStatus        = "status"
	actionWatchError410 = "watch-error-410"
	actionDrop          = "drop"
)

// fault is one entry of the control API's fault list, in its JSON form.
type fault struct {
	ID         int     `json:"id"`
	Match      string  `json:"match"`
	Method     string  `json:"method,omitempty"`
	Action     string  `json:"action"`
	Count      int     `json:"count"` // requests left; -1: unlimited
	Status     int     `json:"status,omitempty"`
	Message    string  `json:"message,omitempty"`
	Body       *string `json:"body,omitempty"`
	AfterBytes int64   `json:"afterBytes,omitempty"`
	Scope      string  `json:"scope,omitempty"`
	RetryAfter string  `json:"retryAfter,omitempty"`
}

func (f *fault) validate() error {
	f.Method = strings.ToUpper(f.Method)
	switch {
	case f.Count == 0:
		f.Count = 1
	case f.Count < -1:
		return errors.New(`"count" must be positive, or -1 for unlimited`)
	}
	isStatus, isDrop := f.Action == actionStatus, f.Action == actionDrop
	switch {
	case !isStatus && !isDrop && f.Action != actionWatchError410:
		return fmt.Errorf(`"action" must be %q, %q or %q`, actionStatus, actionWatchError410, actionDrop)
	case isStatus && (f.Status < 400 || f.Status > 599):
		return errors.New(`"status" must be an HTTP error status (400-599)`)
	case !isStatus && (f.Status != 0 || f.Message != "" || f.Body != nil || f.RetryAfter != ""):
		return fmt.Errorf(`"status", "message", "body" and "retryAfter" are for action %q`, actionStatus)
	case strings.ContainsAny(f.RetryAfter, "\r\n"):
		return errors.New(`"retryAfter" must be one header line`)
	case !isDrop && (f.AfterBytes != 0 || f.Scope != ""):
		return fmt.Errorf(`"afterBytes" and "scope" are for action %q`, actionDrop)
	case f.AfterBytes < 0:
		return errors.New(`"afterBytes" must not be negative`)
	case f.Scope != "" && f.Scope != "stream" && f.Scope != "connection":
		return errors.New(`"scope" must be "stream" or "connection"`)
	}
	return nil
}

// kind names the fault in the statistics: status-410, watch-error-410, drop, ...
func (f *fault) kind() string {
	if f.Action == actionStatus {
		return "status-" + strconv.Itoa(f.Status)
	}
	return f.Action
}

type faultProxy struct {
	proxy     *httputil.ReverseProxy
	transport *http.Transport
	listener  *gateListener

	mu       sync.Mutex
	faults   []*fault
	lastID   int
	applied  map[string]int64 // faults applied, by kind
	conns    map[*trackedConn]struct{}
	paused   string        // "", "refuse" or "hold"
	resumed  chan struct{} // closed by /resume
	requests atomic.Int64
	streams  atomic.Int64 // requests in flight
	watches  atomic.Int64 // watch requests in flight
	upErrors atomic.Int64 // requests the API server could not be reached for
}

func runFaultProxy(ctx context.Context, args []string) error {
	fs := newFlagSet("faultproxy")
	listen := fs.String("listen", "127.0.0.1:0", "loopback address of the proxy (HTTPS, client certificates required)")
	controlListen := fs.String("control-listen", "127.0.0.1:0", "loopback address of the control API (plain HTTP)")
	upstream := fs.String("upstream", "", "URL of the kube-apiserver, e.g. https://127.0.0.1:6443")
	certFile := fs.String("tls-cert-file", "", "the proxy's serving certificate")
	keyFile := fs.String("tls-private-key-file", "", "the proxy's serving key")
	clientCAFile := fs.String("client-ca-file", "", "CA that must have signed clients' certificates")
	upstreamCAFile := fs.String("upstream-ca-file", "", "CA that signed the API server's serving certificate")
	upstreamCertFile := fs.String("upstream-client-cert-file", "", "client certificate presented to the API server for every request")
	upstreamKeyFile := fs.String("upstream-client-key-file", "", "key of --upstream-client-cert-file")
	addressFile := fs.String("address-file", "", `written once listening: "server=<proxy URL>" and "control=<control API URL>" lines`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	target, err := url.Parse(*upstream)
	if err != nil || target.Scheme != "https" || target.Host == "" {
		return fmt.Errorf("--upstream must be an https:// URL, got %q", *upstream)
	}
	serverTLS, err := kubeletTLSConfig(*certFile, *keyFile, *clientCAFile) // same policy: CA-signed client certs only
	if err != nil {
		return err
	}
	upstreamTLS, err := upstreamTLSConfig(*upstreamCAFile, *upstreamCertFile, *upstreamKeyFile)
	if err != nil {
		return err
	}
	for _, addr := range []string{*listen, *controlListen} {
		if host, _, err := net.SplitHostPort(addr); err != nil || !isLoopback(host) {
			return fmt.Errorf("%q is not a loopback address: the proxy and its control API are for local tests only", addr)
		}
	}

	p := &faultProxy{
		applied: map[string]int64{},
		conns:   map[*trackedConn]struct{}{},
		transport: &http.Transport{
			TLSClientConfig:     upstreamTLS,
			ForceAttemptHTTP2:   true,
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
		},
	}
	p.proxy = &httputil.ReverseProxy{
		Rewrite:        func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport:      p.transport,
		FlushInterval:  -1, // flush every write: watches and followed logs stream
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.upstreamError,
		ErrorLog:       klog.NewStandardLogger("WARNING"),
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	p.listener = &gateListener{p: p, ln: ln, addr: ln.Addr(), done: make(chan struct{})}
	controlLn, err := net.Listen("tcp", *controlListen)
	if err != nil {
		_ = ln.Close()
		return err
	}

	server := &http.Server{
		Handler:           p,
		TLSConfig:         serverTLS, // ServeTLS offers h2 and http/1.1 over ALPN
		ReadHeaderTimeout: 10 * time.Second,
		ConnContext:       func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) },
		ErrorLog:          klog.NewStandardLogger("INFO"),
	}
	control := &http.Server{Handler: p.controlHandler(), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 2)
	go func() { serveErr <- server.ServeTLS(p.listener, "", "") }()
	go func() { serveErr <- control.Serve(controlLn) }()

	serverURL := "https://" + p.listener.Addr().String()
	controlURL := "http://" + controlLn.Addr().String()
	klog.InfoS("fault proxy started", "server", serverURL, "control", controlURL, "upstream", target.String())
	if *addressFile != "" {
		if err := writeFileAtomically(*addressFile, fmt.Sprintf("server=%s\ncontrol=%s\n", serverURL, controlURL)); err != nil {
			return err
		}
	}

	select {
	case <-ctx.Done():
		err = nil
	case err = <-serveErr:
		err = fmt.Errorf("serving: %w", err)
	}
	_ = control.Close()
	_ = server.Close()
	p.transport.CloseIdleConnections()
	return err
}

// upstreamTLSConfig verifies the API server with the cluster CA and presents the
// client certificate every proxied request is made with.
func upstreamTLSConfig(caFile, certFile, keyFile string) (*tls.Config, error) {
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("--upstream-ca-file: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("--upstream-ca-file %s holds no PEM certificate", caFile)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("loading the upstream client certificate: %w", err)
	}
	return &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func writeFileAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// --- Proxying. ---

type (
	connKey  struct{} // request context: the client's net.Conn (a *tls.Conn)
	faultKey struct{} // request context: the *fault applied to it
)

// isWatch tells a watch request: ?watch=true|1 or the legacy /watch/ paths.
func isWatch(r *http.Request) bool {
	if w, err := strconv.ParseBool(r.URL.Query().Get("watch")); err == nil && w {
		return true
	}
	return strings.HasPrefix(r.URL.Path, "/api/v1/watch/") ||
		(strings.HasPrefix(r.URL.Path, "/apis/") && strings.Contains(r.URL.Path, "/watch/"))
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	if mode, resumed := p.pauseState(); mode != "" {
		// A request on a connection opened before /pause.
		p.count("paused-" + mode)
		if mode == "refuse" {
			p.connOf(r.Context()).reset()
			panic(http.ErrAbortHandler)
		}
		select {
		case <-resumed:
		case <-r.Context().Done():
			return
		}
	}
	watch := isWatch(r)
	p.streams.Add(1)
	defer p.streams.Add(-1)
	if watch {
		p.watches.Add(1)
		defer p.watches.Add(-1)
	}
	klog.V(1).InfoS("request", "method", r.Method, "uri", r.RequestURI, "proto", r.Proto)

	f := p.claimFault(r, watch)
	switch {
	case f == nil:
	case f.Action == actionStatus:
		writeStatus(w, r, f)
		return
	default:
		r = r.WithContext(context.WithValue(r.Context(), faultKey{}, f))
	}
	p.proxy.ServeHTTP(w, r)
}

// claimFault takes one use of the first pending fault matching the request.
func (p *faultProxy) claimFault(r *http.Request, watch bool) *fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, f := range p.faults {
		if !strings.Contains(r.RequestURI, f.Match) || (f.Method != "" && !strings.EqualFold(f.Method, r.Method)) ||
			(f.Action == actionWatchError410 && !watch) {
			continue
		}
		if f.Count > 0 {
			f.Count--
			if f.Count == 0 {
				p.faults = slices.Delete(p.faults, i, i+1)
			}
		}
		p.applied[f.kind()]++
		klog.InfoS("injecting fault", "id", f.ID, "kind", f.kind(), "method", r.Method, "uri", r.RequestURI, "proto", r.Proto)
		claimed := *f
		return &claimed
	}
	return nil
}

func (p *faultProxy) count(kind string) {
	p.mu.Lock()
	p.applied[kind]++
	p.mu.Unlock()
}

// writeStatus answers a "status" fault as the API server would.
func writeStatus(w http.ResponseWriter, r *http.Request, f *fault) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache, private")
	if f.Status == http.StatusTooManyRequests {
		h.Set("Retry-After", "1")
	}
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	if f.Body != nil {
		if json.Valid([]byte(*f.Body)) {
			h.Set("Content-Type", "application/json")
		} else {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, *f.Body)
		return
	}
	status := &metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure,
		Code:     int32(f.Status),
		Reason:   statusReasons[f.Status],
		Message:  http.StatusText(f.Status),
	}
	switch f.Status {
	case http.StatusGone:
		status.Message = tooOldMessage(r)
	case http.StatusTooManyRequests:
		status.Message = "Too many requests, please try again later."
		status.Details = &metav1.StatusDetails{RetryAfterSeconds: 1}
	case http.StatusInternalServerError:
		status.Message = "Internal error occurred: injected by the SparkDeck fault proxy"
		status.Details = &metav1.StatusDetails{Causes: []metav1.StatusCause{{Message: "injected by the SparkDeck fault proxy"}}}
	}
	if f.Message != "" {
		status.Message = f.Message
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(f.Status)
	_ = json.NewEncoder(w).Encode(status)
}

var statusReasons = map[int]metav1.StatusReason{
	http.StatusBadRequest:            metav1.StatusReasonBadRequest,
	http.StatusUnauthorized:          metav1.StatusReasonUnauthorized,
	http.StatusForbidden:             metav1.StatusReasonForbidden,
	http.StatusNotFound:              metav1.StatusReasonNotFound,
	http.StatusMethodNotAllowed:      metav1.StatusReasonMethodNotAllowed,
	http.StatusNotAcceptable:         metav1.StatusReasonNotAcceptable,
	http.StatusConflict:              metav1.StatusReasonConflict,
	http.StatusGone:                  metav1.StatusReasonExpired,
	http.StatusRequestEntityTooLarge: metav1.StatusReasonRequestEntityTooLarge,
	http.StatusUnsupportedMediaType:  metav1.StatusReasonUnsupportedMediaType,
	http.StatusUnprocessableEntity:   metav1.StatusReasonInvalid,
	http.StatusTooManyRequests:       metav1.StatusReasonTooManyRequests,
	http.StatusInternalServerError:   metav1.StatusReasonInternalError,
	http.StatusServiceUnavailable:    metav1.StatusReasonServiceUnavailable,
	http.StatusGatewayTimeout:        metav1.StatusReasonTimeout,
}

// tooOldMessage is the API server's message for a compacted resource version, with the
// request's resourceVersion when it has a numeric one.
func tooOldMessage(r *http.Request) string {
	rv, err := strconv.ParseUint(r.URL.Query().Get("resourceVersion"), 10, 64)
	if err != nil || rv == 0 {
		rv = 1
	}
	return fmt.Sprintf("too old resource version: %d (%d)", rv, rv+1)
}

// watchError410 is the ERROR event the API server ends a watch with when its resource
// version is too old.
var watchError410 = func() []byte {
	event := struct {
		Type   string         `json:"type"`
		Object *metav1.Status `json:"object"`
	}{"ERROR", &metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure,
		Message:  "too old resource version: 1 (2)",
		Reason:   metav1.StatusReasonExpired,
		Code:     http.StatusGone,
	}}
	b, err := json.Marshal(event)
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}()

// modifyResponse applies a "watch-error-410" or "drop" fault to the response body.
func (p *faultProxy) modifyResponse(res *http.Response) error {
	f, _ := res.Request.Context().Value(faultKey{}).(*fault)
	if f == nil {
		return nil
	}
	switch f.Action {
	case actionDrop:
		b := &dropBody{upstream: res.Body, left: f.AfterBytes}
		if f.Scope == "connection" {
			b.conn = p.connOf(res.Request.Context())
		}
		res.Body = b
	case actionWatchError410:
		mediaType, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if res.StatusCode != http.StatusOK || mediaType != "application/json" {
			klog.InfoS("not injecting the 410 ERROR event: not a JSON watch stream",
				"id", f.ID, "status", res.StatusCode, "contentType", res.Header.Get("Content-Type"))
			return nil
		}
		res.Header.Del("Content-Length")
		res.ContentLength = -1
		res.Body = newWatchErrorBody(res.Body)
	}
	return nil
}

// upstreamError handles a request the API server could not be reached for (or that
// failed before its response started): the client's connection is reset, the nearest
// a proxy gets to the network error a directly connected client would see.
func (p *faultProxy) upstreamError(_ http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return // the client went away, or its connection was dropped
	}
	p.upErrors.Add(1)
	klog.InfoS("upstream request failed; resetting the client connection", "method", r.Method, "uri", r.RequestURI, "err", err)
	p.connOf(r.Context()).reset()
	panic(http.ErrAbortHandler)
}

// errDropped ends a response body cut by a "drop" fault.
var errDropped = errors.New("response cut by the fault proxy")

// dropBody relays the first `left` bytes of a response body, then fails, so that the
// ReverseProxy aborts the response (http.ErrAbortHandler): HTTP/1.1 closes the
// connection before the final chunk, HTTP/2 resets the stream. With conn set (scope
// "connection") the whole client connection is closed first.
type dropBody struct {
	upstream io.ReadCloser
	left     int64
	conn     *trackedConn
}

func (b *dropBody) Read(buf []byte) (int, error) {
	if b.left <= 0 {
		return 0, b.cut()
	}
	if int64(len(buf)) > b.left {
		buf = buf[:b.left]
	}
	n, err := b.upstream.Read(buf)
	b.left -= int64(n)
	if err == io.EOF {
		if n > 0 {
			return n, nil
		}
		return 0, b.cut() // a body shorter than afterBytes is cut at its end
	}
	return n, err
}

func (b *dropBody) cut() error {
	if b.conn != nil {
		// HTTP/2 writes frames from the connection's own goroutine: give it a moment to
		// send the bytes already relayed. Then an orderly close: they arrive, then EOF.
		time.Sleep(50 * time.Millisecond)
		_ = b.conn.Close()
	}
	return errDropped
}

func (b *dropBody) Close() error { return b.upstream.Close() }

// watchErrorBody relays a JSON watch stream (one event per line) until its first event
// has passed, or for a second, then appends the 410 ERROR event and ends. A goroutine
// reads the upstream body so that the timer can interrupt a stream that stays silent.
type watchErrorBody struct {
	upstream  io.ReadCloser
	chunks    chan []byte // closed when the upstream body ends; then err is set
	err       error
	timer     *time.Timer
	out       []byte // to be returned before anything else
	ending    bool   // out ends with the ERROR event; EOF follows
	done      chan struct{}
	closeOnce sync.Once
}

func newWatchErrorBody(upstream io.ReadCloser) *watchErrorBody {
	b := &watchErrorBody{upstream: upstream, chunks: make(chan []byte), timer: time.NewTimer(time.Second), done: make(chan struct{})}
	go b.pump()
	return b
}

func (b *watchErrorBody) pump() {
	defer close(b.chunks)
	for {
		buf := make([]byte, 32*1024)
		n, err := b.upstream.Read(buf)
		if n > 0 {
			select {
			case b.chunks <- buf[:n]:
			case <-b.done:
				return
			}
		}
		if err != nil {
			b.err = err
			return
		}
	}
}

func (b *watchErrorBody) end(before []byte) {
	b.out = append(slices.Clip(before), watchError410...)
	b.ending = true
	b.timer.Stop()
}

func (b *watchErrorBody) Read(buf []byte) (int, error) {
	for len(b.out) == 0 {
		if b.ending {
			return 0, io.EOF
		}
		select {
		case chunk, ok := <-b.chunks:
			switch {
			case !ok && b.err != io.EOF:
				return 0, b.err // the upstream stream broke: so does this one
			case !ok:
				b.end(nil) // it ended before its first event: end it with the error all the same
			case bytes.IndexByte(chunk, '\n') >= 0:
				b.end(chunk[:bytes.IndexByte(chunk, '\n')+1])
			default:
				b.out = chunk
			}
		case <-b.timer.C:
			b.end(nil)
		}
	}
	n := copy(buf, b.out)
	b.out = b.out[n:]
	return n, nil
}

func (b *watchErrorBody) Close() error {
	b.closeOnce.Do(func() {
		close(b.done)
		b.timer.Stop()
	})
	return b.upstream.Close()
}

// --- Connections, /drop-all and /pause. ---

// trackedConn is an accepted client connection, registered until it is closed.
type trackedConn struct {
	net.Conn
	p      *faultProxy
	once   sync.Once
	frozen atomic.Bool
	closed chan struct{} // closed by Close
}

func newTrackedConn(c net.Conn, p *faultProxy) *trackedConn {
	return &trackedConn{Conn: c, p: p, closed: make(chan struct{})}
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.p.mu.Lock()
		delete(c.p.conns, c)
		c.p.mu.Unlock()
		close(c.closed)
	})
	return c.Conn.Close()
}

// Read relays the client's bytes; once frozen it discards them (the client's kernel
// sees them acknowledged) until the client closes the connection.
func (c *trackedConn) Read(b []byte) (int, error) {
	for {
		n, err := c.Conn.Read(b)
		if !c.frozen.Load() || err != nil {
			return n, err
		}
	}
}

// Write relays to the client; once frozen it blocks until the connection is closed.
func (c *trackedConn) Write(b []byte) (int, error) {
	if c.frozen.Load() {
		<-c.closed
		return 0, net.ErrClosed
	}
	return c.Conn.Write(b)
}

// reset closes the connection abruptly: with SO_LINGER 0 the kernel sends a TCP RST,
// so the client sees "connection reset by peer", not an orderly end.
func (c *trackedConn) reset() {
	if c == nil {
		return
	}
	if tcp, ok := c.Conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = c.Close()
}

// connOf returns the client connection a request came on.
func (p *faultProxy) connOf(ctx context.Context) *trackedConn {
	c, _ := ctx.Value(connKey{}).(net.Conn)
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	tracked, _ := c.(*trackedConn)
	return tracked
}

func (p *faultProxy) track(c net.Conn) net.Conn {
	tc := newTrackedConn(c, p)
	p.mu.Lock()
	p.conns[tc] = struct{}{}
	p.mu.Unlock()
	return tc
}

func (p *faultProxy) dropAll() int {
	p.mu.Lock()
	conns := make([]*trackedConn, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	if len(conns) > 0 {
		p.applied["drop-all"] += int64(len(conns))
	}
	p.mu.Unlock()
	for _, c := range conns {
		c.reset()
	}
	p.transport.CloseIdleConnections()
	klog.InfoS("dropped every client connection", "connections", len(conns))
	return len(conns)
}

// freezeAll makes every client connection open now silent for good (see trackedConn).
func (p *faultProxy) freezeAll() int {
	p.mu.Lock()
	n := 0
	for c := range p.conns {
		if !c.frozen.Swap(true) {
			n++
		}
	}
	if n > 0 {
		p.applied["freeze"] += int64(n)
	}
	p.mu.Unlock()
	klog.InfoS("froze every client connection", "connections", n)
	return n
}

func (p *faultProxy) pauseState() (string, chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused, p.resumed
}

func (p *faultProxy) pause(mode string) {
	p.mu.Lock()
	if p.paused == "" {
		p.resumed = make(chan struct{})
	}
	p.paused = mode
	p.mu.Unlock()
	if mode == "refuse" {
		p.listener.closeSocket()
	}
	klog.InfoS("paused", "mode", mode)
}

func (p *faultProxy) resume() {
	p.mu.Lock()
	if p.paused != "" {
		p.paused = ""
		close(p.resumed)
	}
	p.mu.Unlock()
	klog.InfoS("resumed")
}

// gateListener is the proxy's listener. It tracks the connections it accepts and
// implements /pause: in "refuse" mode its socket is closed, so that connecting fails
// with ECONNREFUSED, and opened again on the same address on /resume; in "hold" mode
// it accepts nothing until /resume (the kernel completes the TCP handshakes, the TLS
// handshake waits), so that clients time out.
type gateListener struct {
	p    *faultProxy
	addr net.Addr
	done chan struct{} // closed by Close

	mu     sync.Mutex
	ln     net.Listener // nil while the socket is closed by a pause
	closed bool
}

func (l *gateListener) Accept() (net.Conn, error) {
	for {
		if mode, resumed := l.p.pauseState(); mode != "" {
			select {
			case <-resumed:
			case <-l.done:
				return nil, net.ErrClosed
			}
			continue
		}
		ln, err := l.socket()
		if err != nil {
			return nil, err
		}
		c, err := ln.Accept()
		if err != nil {
			if mode, _ := l.p.pauseState(); mode != "" && !l.isClosed() {
				continue // the socket was closed by /pause
			}
			return nil, err
		}
		switch mode, resumed := l.p.pauseState(); mode {
		case "refuse": // paused while accepting
			newTrackedConn(c, l.p).reset()
			continue
		case "hold":
			select {
			case <-resumed:
			case <-l.done:
				_ = c.Close()
				return nil, net.ErrClosed
			}
		}
		return l.p.track(c), nil
	}
}

// socket returns the listening socket, opening it again after a pause closed it.
func (l *gateListener) socket() (net.Listener, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, net.ErrClosed
	}
	if l.ln == nil {
		ln, err := net.Listen("tcp", l.addr.String())
		if err != nil {
			return nil, fmt.Errorf("listening again after /resume: %w", err)
		}
		l.ln = ln
	}
	return l.ln, nil
}

func (l *gateListener) closeSocket() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln != nil {
		_ = l.ln.Close()
		l.ln = nil
	}
}

func (l *gateListener) isClosed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closed
}

func (l *gateListener) Close() error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.done)
	}
	l.mu.Unlock()
	l.closeSocket()
	return nil
}

func (l *gateListener) Addr() net.Addr { return l.addr }

// --- The control API. ---

func (p *faultProxy) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /faults", func(w http.ResponseWriter, r *http.Request) {
		var f fault
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid fault: " + err.Error()})
			return
		}
		if err := f.validate(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		p.mu.Lock()
		p.lastID++
		f.ID = p.lastID
		p.faults = append(p.faults, &f)
		added := f
		p.mu.Unlock()
		klog.InfoS("fault added", "id", added.ID, "kind", added.kind(), "match", added.Match, "count", added.Count)
		writeJSON(w, http.StatusCreated, added)
	})
	mux.HandleFunc("GET /faults", func(w http.ResponseWriter, _ *http.Request) {
		p.mu.Lock()
		faults := make([]fault, 0, len(p.faults))
		for _, f := range p.faults {
			faults = append(faults, *f)
		}
		p.mu.Unlock()
		writeJSON(w, http.StatusOK, faults)
	})
	mux.HandleFunc("DELETE /faults", func(w http.ResponseWriter, _ *http.Request) {
		p.mu.Lock()
		n := len(p.faults)
		p.faults = nil
		p.mu.Unlock()
		klog.InfoS("faults cleared", "count", n)
		writeJSON(w, http.StatusOK, map[string]int{"cleared": n})
	})
	mux.HandleFunc("POST /drop-all", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"dropped": p.dropAll()})
	})
	mux.HandleFunc("POST /freeze", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"frozen": p.freezeAll()})
	})
	mux.HandleFunc("POST /pause", func(w http.ResponseWriter, r *http.Request) {
		mode := r.URL.Query().Get("mode")
		if mode == "" {
			mode = "refuse"
		}
		if mode != "refuse" && mode != "hold" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": `mode must be "refuse" or "hold"`})
			return
		}
		p.pause(mode)
		writeJSON(w, http.StatusOK, map[string]string{"paused": mode})
	})
	mux.HandleFunc("POST /resume", func(w http.ResponseWriter, _ *http.Request) {
		p.resume()
		writeJSON(w, http.StatusOK, map[string]string{"paused": ""})
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		p.mu.Lock()
		stats := map[string]any{
			"requests":        p.requests.Load(),
			"openStreams":     p.streams.Load(),
			"openWatches":     p.watches.Load(),
			"openConnections": len(p.conns),
			"upstreamErrors":  p.upErrors.Load(),
			"paused":          p.paused,
			"pendingFaults":   len(p.faults),
			"faults":          maps.Clone(p.applied),
		}
		p.mu.Unlock()
		writeJSON(w, http.StatusOK, stats)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
