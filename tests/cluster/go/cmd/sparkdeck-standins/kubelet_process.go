// Process runtime of the kubelet STAND-IN (enabled by --spark-home, default
// $SPARKDECK_SPARK_HOME): instead of simulating Spark, every container of a pod bound to
// the node runs as a local process, as if the image were apache/spark (spark-docker's
// entrypoint.sh) with the given Spark distribution at /opt/spark. No image is pulled:
// every image runs the local Spark and the host's Java.
//
// What it mirrors:
//   - The entrypoint: args "driver …" run `$SPARK_HOME/bin/spark-submit --conf
//     spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS --conf
//     spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS --deploy-mode client
//     …`; "executor" runs `${JAVA_HOME}/bin/java ${SPARK_JAVA_OPT_*} -Xms/-Xmx
//     $SPARK_EXECUTOR_MEMORY -cp $SPARK_CLASSPATH:$SPARK_DIST_CLASSPATH
//     org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend --driver-url … --podName
//     …` with the classpath built as the script builds it ($SPARK_CONF_DIR or
//     $SPARK_HOME/conf, jars/*, $SPARK_EXTRA_CLASSPATH, $HADOOP_CONF_DIR, the working
//     directory); anything else runs as given (pass-through), and a container with a
//     command runs that command. The image's environment: SPARK_HOME=/opt/spark, JAVA_HOME
//     (the host's), working directory /opt/spark/work-dir (a fresh directory per
//     container), plus SPARK_LOCAL_IP=<pod IP> (Spark skips loopback addresses when it
//     looks for its own, and pod IPs are loopback here).
//   - The pod's environment: env (with $(VAR) references), valueFrom fieldRef
//     (metadata.name/namespace/uid, labels/annotations, spec.nodeName,
//     spec.serviceAccountName, status.podIP/podIPs/hostIP), resourceFieldRef (limits and
//     requests), secretKeyRef, configMapKeyRef, envFrom; KUBERNETES_SERVICE_HOST/PORT.
//   - Volumes at their mount paths (subPath, readOnly): configMap, secret, emptyDir,
//     hostPath, downwardAPI and projected (service-account token through the TokenRequest
//     API bound to the pod, config maps, secrets, downward API), so the automounted
//     /var/run/secrets/kubernetes.io/serviceaccount holds token, ca.crt and namespace. A
//     missing config map or secret keeps the pod in ContainerCreating, as on a real node.
//     Tokens are not refreshed (they last an hour); other volume types mount an empty directory.
//   - Isolation: each container gets a private mount namespace and UTS namespace
//     (hostname = pod name) through a re-exec of this binary ("pod-exec") that bind-mounts
//     the Spark home at /opt/spark, the volumes and the node's hosts file at /etc/hosts,
//     then execs the command. As root that needs nothing else; otherwise an unprivileged
//     user namespace is used, and where the kernel forbids both the container fails with a
//     message naming the settings. The network is shared with the host.
//   - Networking: one loopback IP per pod from --pod-cidr (127.1.x.0/24 in this mode, so
//     processes bind their own address) reported as status.podIP. The hosts file maps pod
//     names, Services (<svc>.<ns>.svc[.cluster.local], <svc>.<ns>) to the IPs of the
//     selected pods on this node (headless or not: there is no kube-proxy), and the
//     `kubernetes` Service to the .1 address of the pod range, where the node forwards
//     port 443 to the API server, so Spark's default master
//     https://kubernetes.default.svc:443 works. Port-forward dials the pod IP.
//   - Exit codes: a container's exit status (128+signal when killed) becomes its
//     terminated state (Completed / Error). Deleting a pod sends TERM to each
//     container's process group and KILL after the grace period; when the main process
//     exits, whatever is left in its process group is killed. The stand-in stopping
//     stops every container the same way (grace 2 s).
//
// Not mirrored: images, image pulls and pull secrets, resource limits (cgroups), users
// (processes run as the stand-in's user), tini, probes, restarts, init and sidecar
// containers, PID and network namespaces, DNS (the hosts file stands in), token refresh.
// Mount points that do not exist on the host are created there (empty) and removed
// again, when empty, once a pod is deleted and no container mounts anything there.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/third_party/forked/golang/expansion"
	"k8s.io/utils/ptr"
)

const (
	imageSparkHome = "/opt/spark"
	imageWorkDir   = "/opt/spark/work-dir"
	executorMain   = "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend"
)

// processRuntime is the node's state in process mode.
type processRuntime struct {
	sparkHome string // host path mounted at /opt/spark
	rootDir   string // per-pod directories and the hosts file
	javaHome  string
	apiHost   string // the API server as the pods reach it (KUBERNETES_SERVICE_HOST/PORT)
	apiPort   string
	services  listersv1.ServiceLister
	running   sync.WaitGroup // container processes; the stand-in waits for them on exit

	// Mount points made on the host for containers: removed again when no container
	// mounts anything there (removing a mount point detaches it from every namespace).
	mountsMu    sync.Mutex
	liveTargets map[string]int  // mount target → containers mounting it now
	created     map[string]bool // mount points (or their first missing ancestors) made on the host

	hostsMu   sync.Mutex
	hostsText string
}

func (p *processRuntime) hostsFile() string { return filepath.Join(p.rootDir, "hosts") }

// startProcessRuntime prepares process mode: the root directory, the forwarder of
// <pod range>.1:443 to the API server, and the Service informer behind the hosts file.
func (k *kubelet) startProcessRuntime(sparkHome, rootDir, apiServer string) error {
	for _, f := range []string{"bin/spark-submit", "jars"} {
		if _, err := os.Stat(filepath.Join(sparkHome, f)); err != nil {
			return fmt.Errorf("--spark-home %s is not a Spark distribution: %w", sparkHome, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(rootDir, "pods"), 0o755); err != nil {
		return err
	}
	u, err := url.Parse(apiServer)
	if err != nil {
		return fmt.Errorf("API server URL %q: %w", apiServer, err)
	}
	p := &processRuntime{
		sparkHome: sparkHome, rootDir: rootDir, javaHome: findJavaHome(), apiHost: u.Hostname(), apiPort: u.Port(),
		liveTargets: map[string]int{}, created: map[string]bool{},
	}
	if p.apiPort == "" {
		p.apiPort = "443"
	}
	// Real pods reach the API server at the kubernetes Service's address, port 443.
	serviceIP := k.podCIDR.Addr().Next().String()
	if l, err := net.Listen("tcp", net.JoinHostPort(serviceIP, "443")); errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s:443 is in use: another cluster's node uses the pod range %s; choose another --pod-cidr", serviceIP, k.podCIDR)
	} else if err != nil {
		klog.InfoS("cannot serve the kubernetes Service address; pods reach the API server directly", "address", serviceIP+":443", "err", err)
	} else {
		go forwardTCP(k.ctx, l, u.Host)
		p.apiHost, p.apiPort = serviceIP, "443"
	}
	k.proc = p

	factory := informers.NewSharedInformerFactory(k.client, 0)
	informer := factory.Core().V1().Services()
	p.services = informer.Lister()
	refresh := func(any) { k.refreshHosts() }
	_, err = informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: refresh, UpdateFunc: func(_, obj any) { refresh(obj) }, DeleteFunc: refresh,
	})
	if err != nil {
		return err
	}
	factory.Start(k.ctx.Done())
	if !cache.WaitForCacheSync(k.ctx.Done(), informer.Informer().HasSynced) {
		return errors.New("service informer did not sync")
	}
	k.refreshHosts()
	klog.InfoS("process runtime ready", "sparkHome", sparkHome, "rootDir", rootDir, "javaHome", p.javaHome, "kubernetesService", net.JoinHostPort(p.apiHost, p.apiPort))
	return nil
}

// findJavaHome is $JAVA_HOME, else the installation the `java` on PATH belongs to.
func findJavaHome() string {
	if h := os.Getenv("JAVA_HOME"); h != "" {
		return h
	}
	java, err := exec.LookPath("java")
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(java); err == nil {
		java = real
	}
	return filepath.Dir(filepath.Dir(java))
}

func forwardTCP(ctx context.Context, l net.Listener, target string) {
	go func() { <-ctx.Done(); _ = l.Close() }()
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			upstream, err := net.DialTimeout("tcp", target, 10*time.Second)
			if err != nil {
				return
			}
			defer upstream.Close()
			_ = pipeBoth(conn, upstream)
		}()
	}
}

// pipeBoth copies a→b and b→a until either side ends.
func pipeBoth(a, b io.ReadWriter) error {
	errs := make(chan error, 2)
	go func() { _, err := io.Copy(a, b); errs <- err }()
	go func() { _, err := io.Copy(b, a); errs <- err }()
	return <-errs
}

// refreshHosts rewrites the node's hosts file (bind-mounted as every container's
// /etc/hosts) from the running pods and the Services selecting them. The file is
// rewritten in place: a bind mount follows the inode.
func (k *kubelet) refreshHosts() {
	p := k.proc
	type podAddr struct {
		ns, name, ip string
		labels       labels.Set
	}
	var pods []podAddr
	k.mu.Lock()
	for _, pr := range k.pods {
		if pr.status.PodIP != "" && pr.ctx.Err() == nil {
			pods = append(pods, podAddr{pr.pod.Namespace, pr.pod.Name, pr.status.PodIP, pr.pod.Labels})
		}
	}
	k.mu.Unlock()

	lines := []string{"127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"}
	for _, name := range []string{"kubernetes.default.svc.cluster.local", "kubernetes.default.svc", "kubernetes.default", "kubernetes"} {
		lines = append(lines, p.apiHost+"\t"+name)
	}
	var podLines []string
	for _, pod := range pods {
		podLines = append(podLines, pod.ip+"\t"+podHostname(pod.name))
	}
	services, _ := p.services.List(labels.Everything())
	for _, svc := range services {
		if len(svc.Spec.Selector) == 0 || (svc.Namespace == "default" && svc.Name == "kubernetes") {
			continue
		}
		selector := labels.SelectorFromSet(svc.Spec.Selector)
		for _, pod := range pods {
			if pod.ns == svc.Namespace && selector.Matches(pod.labels) {
				base := svc.Name + "." + svc.Namespace
				podLines = append(podLines, fmt.Sprintf("%s\t%s.svc.cluster.local %s.svc %s", pod.ip, base, base, base))
			}
		}
	}
	sort.Strings(podLines)
	text := strings.Join(append(lines, podLines...), "\n") + "\n"

	p.hostsMu.Lock()
	defer p.hostsMu.Unlock()
	if text == p.hostsText {
		return
	}
	f, err := os.OpenFile(p.hostsFile(), os.O_WRONLY|os.O_CREATE, 0o644)
	if err == nil {
		_, err = f.WriteAt([]byte(text), 0)
		if err == nil {
			err = f.Truncate(int64(len(text)))
		}
		_ = f.Close()
	}
	if err != nil {
		klog.ErrorS(err, "writing the hosts file", "path", p.hostsFile())
		return
	}
	p.hostsText = text
}

// podHostname is the hostname a pod's containers see: its name, cut to 63 characters.
func podHostname(name string) string {
	if len(name) > 63 {
		name = strings.TrimRight(name[:63], "-.")
	}
	return name
}

func (p *processRuntime) podDir(pod *corev1.Pod) string {
	return filepath.Join(p.rootDir, "pods", string(pod.UID))
}

// removePod deletes a pod's directory once it is gone from the API.
func (p *processRuntime) removePod(pod *corev1.Pod) {
	if err := os.RemoveAll(p.podDir(pod)); err != nil {
		klog.ErrorS(err, "removing pod directory", "pod", klog.KObj(pod))
	}
	p.mountsMu.Lock()
	defer p.mountsMu.Unlock()
	paths := make([]string, 0, len(p.created))
	for path := range p.created {
		paths = append(paths, path)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(paths))) // children first
next:
	for _, path := range paths {
		for target := range p.liveTargets {
			if target == path || strings.HasPrefix(target, path+"/") || strings.HasPrefix(path, target+"/") {
				continue next // another container's mount point, or inside one
			}
		}
		if mountedAnywhere(path) {
			continue // a mount point in some process's namespace, e.g. another cluster's node
		}
		removeEmptyTree(path)
		if _, err := os.Lstat(path); err != nil {
			delete(p.created, path)
		}
	}
}

// claimMountPoints registers a container's mount targets before it starts and notes
// which of them (or their first missing ancestor) do not exist on the host yet, so that
// removePod can remove them once unused. release undoes the claim.
func (p *processRuntime) claimMountPoints(mounts []bindMount) (release func()) {
	p.mountsMu.Lock()
	defer p.mountsMu.Unlock()
	for _, m := range mounts {
		target := filepath.Clean(m.Target)
		p.liveTargets[target]++
		missing := ""
		for dir := target; dir != "/" && dir != "."; dir = filepath.Dir(dir) {
			if _, err := os.Lstat(dir); err == nil {
				break
			}
			missing = dir
		}
		// Mount points under /opt/spark are made in the Spark home mounted there.
		if missing != "" && !strings.HasPrefix(missing, imageSparkHome+"/") {
			p.created[missing] = true
		}
	}
	return func() {
		p.mountsMu.Lock()
		defer p.mountsMu.Unlock()
		for _, m := range mounts {
			target := filepath.Clean(m.Target)
			if p.liveTargets[target]--; p.liveTargets[target] <= 0 {
				delete(p.liveTargets, target)
			}
		}
	}
}

// mountedAnywhere tells whether any mount namespace on the host has a mount at or under
// path: removing such a directory would detach the mount from that namespace.
func mountedAnywhere(path string) bool {
	procs, _ := filepath.Glob("/proc/[0-9]*")
	seen := map[string]bool{}
	for _, proc := range procs {
		ns, err := os.Readlink(proc + "/ns/mnt")
		if err != nil || seen[ns] {
			continue
		}
		seen[ns] = true
		data, err := os.ReadFile(proc + "/mountinfo")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 5 {
				continue
			}
			point := strings.ReplaceAll(fields[4], `\040`, " ")
			if point == path || strings.HasPrefix(point, path+"/") {
				return true
			}
		}
	}
	return false
}

// removeEmptyTree removes path if it holds nothing but empty directories and empty files.
func removeEmptyTree(path string) {
	info, err := os.Lstat(path)
	if err != nil {
		return
	}
	if info.IsDir() {
		entries, _ := os.ReadDir(path)
		for _, e := range entries {
			removeEmptyTree(filepath.Join(path, e.Name()))
		}
	} else if !info.Mode().IsRegular() || info.Size() != 0 {
		return
	}
	_ = os.Remove(path)
}

// waitFor polls get until it succeeds or ctx ends, as the kubelet keeps retrying a
// volume or env source that does not exist yet. optional sources are skipped when missing.
func waitFor[T any](ctx context.Context, pod *corev1.Pod, what string, get func(context.Context) (T, error)) (T, bool) {
	var result T
	err := wait.PollUntilContextCancel(ctx, 500*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		var err error
		result, err = get(ctx)
		if err != nil {
			klog.V(2).InfoS("waiting for "+what, "pod", klog.KObj(pod), "err", err)
		}
		return err == nil, nil
	})
	return result, err == nil
}

// podSources fetches, once per pod, the config maps and secrets its volumes and env use.
type podSources struct {
	k          *kubelet
	ctx        context.Context
	pod        *corev1.Pod
	configMaps map[string]*corev1.ConfigMap // "config map <name>" → it; nil: missing and optional
	secrets    map[string]*corev1.Secret    // "secret <name>" → it; nil: missing and optional
}

func (s *podSources) configMap(name string, optional *bool) (*corev1.ConfigMap, bool) {
	return fetchSource(s, s.configMaps, "config map "+name, optional, func(ctx context.Context) (*corev1.ConfigMap, error) {
		return s.k.client.CoreV1().ConfigMaps(s.pod.Namespace).Get(ctx, name, metav1.GetOptions{})
	})
}

func (s *podSources) secret(name string, optional *bool) (*corev1.Secret, bool) {
	return fetchSource(s, s.secrets, "secret "+name, optional, func(ctx context.Context) (*corev1.Secret, error) {
		return s.k.client.CoreV1().Secrets(s.pod.Namespace).Get(ctx, name, metav1.GetOptions{})
	})
}

// fetchSource gets one config map or secret (what, e.g. "secret x"), once per pod: a
// required one is waited for, an optional one that is missing is nil. False when the
// pod was deleted meanwhile.
func fetchSource[T any](s *podSources, cache map[string]*T, what string, optional *bool, get func(context.Context) (*T, error)) (*T, bool) {
	if obj, ok := cache[what]; ok {
		return obj, true
	}
	if ptr.Deref(optional, false) {
		obj, err := get(s.ctx)
		if err != nil {
			obj = nil
		}
		cache[what] = obj
		return obj, s.ctx.Err() == nil
	}
	obj, ok := waitFor(s.ctx, s.pod, what, get)
	cache[what] = obj
	return obj, ok
}

// prepareVolumes writes the pod's volumes under its directory and returns volume name →
// host path. False when the pod was deleted while waiting for a source.
func (k *kubelet) prepareVolumes(ctx context.Context, pod *corev1.Pod, src *podSources) (map[string]string, bool) {
	p := k.proc
	dirs := map[string]string{}
	for _, v := range pod.Spec.Volumes {
		dir := filepath.Join(p.podDir(pod), "volumes", v.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			klog.ErrorS(err, "creating volume directory", "pod", klog.KObj(pod))
		}
		dirs[v.Name] = dir
		// configMap, secret and downwardAPI volumes are written like one-source projections.
		var sources []corev1.VolumeProjection
		switch {
		case v.HostPath != nil:
			if t := ptr.Deref(v.HostPath.Type, ""); t == corev1.HostPathDirectoryOrCreate {
				_ = os.MkdirAll(v.HostPath.Path, 0o755)
			}
			dirs[v.Name] = v.HostPath.Path
		case v.ConfigMap != nil:
			sources = []corev1.VolumeProjection{{ConfigMap: &corev1.ConfigMapProjection{
				LocalObjectReference: v.ConfigMap.LocalObjectReference, Items: v.ConfigMap.Items, Optional: v.ConfigMap.Optional}}}
		case v.Secret != nil:
			sources = []corev1.VolumeProjection{{Secret: &corev1.SecretProjection{
				LocalObjectReference: corev1.LocalObjectReference{Name: v.Secret.SecretName}, Items: v.Secret.Items, Optional: v.Secret.Optional}}}
		case v.DownwardAPI != nil:
			sources = []corev1.VolumeProjection{{DownwardAPI: &corev1.DownwardAPIProjection{Items: v.DownwardAPI.Items}}}
		case v.Projected != nil:
			sources = v.Projected.Sources
		case v.EmptyDir != nil:
		default:
			klog.InfoS("volume type not supported by the process runtime; mounting an empty directory", "pod", klog.KObj(pod), "volume", v.Name)
		}
		files := map[string][]byte{}
		for _, s := range sources {
			ok := true
			switch {
			case s.ConfigMap != nil:
				ok = src.addConfigMapFiles(files, s.ConfigMap.Name, s.ConfigMap.Optional, s.ConfigMap.Items)
			case s.Secret != nil:
				ok = src.addSecretFiles(files, s.Secret.Name, s.Secret.Optional, s.Secret.Items)
			case s.DownwardAPI != nil:
				addDownwardAPI(files, pod, s.DownwardAPI.Items)
			case s.ServiceAccountToken != nil:
				var token string
				token, ok = k.requestToken(ctx, pod, s.ServiceAccountToken)
				files[s.ServiceAccountToken.Path] = []byte(token)
			}
			if !ok {
				return nil, false
			}
		}
		for name, data := range files {
			file := filepath.Join(dir, name)
			_ = os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, data, 0o644); err != nil {
				klog.ErrorS(err, "writing volume file", "pod", klog.KObj(pod), "file", file)
			}
		}
	}
	return dirs, true
}

// addConfigMapFiles adds a config map's keys (or the given items) to a volume's files.
func (s *podSources) addConfigMapFiles(files map[string][]byte, name string, optional *bool, items []corev1.KeyToPath) bool {
	cm, ok := s.configMap(name, optional)
	if ok && cm != nil {
		addKeys(files, configMapData(cm), items)
	}
	return ok
}

// addSecretFiles adds a secret's keys (or the given items) to a volume's files.
func (s *podSources) addSecretFiles(files map[string][]byte, name string, optional *bool, items []corev1.KeyToPath) bool {
	sec, ok := s.secret(name, optional)
	if ok && sec != nil {
		addKeys(files, sec.Data, items)
	}
	return ok
}

func configMapData(cm *corev1.ConfigMap) map[string][]byte {
	data := map[string][]byte{}
	for key, value := range cm.Data {
		data[key] = []byte(value)
	}
	for key, value := range cm.BinaryData {
		data[key] = value
	}
	return data
}

func addKeys(files, data map[string][]byte, items []corev1.KeyToPath) {
	if len(items) == 0 {
		for key, value := range data {
			files[key] = value
		}
	}
	for _, item := range items {
		if value, ok := data[item.Key]; ok {
			files[item.Path] = value
		}
	}
}

func addDownwardAPI(files map[string][]byte, pod *corev1.Pod, items []corev1.DownwardAPIVolumeFile) {
	for _, item := range items {
		if item.FieldRef != nil {
			value, _ := podFieldValue(pod, pod.Status.HostIP, pod.Status.PodIP, item.FieldRef.FieldPath)
			files[item.Path] = []byte(value)
		}
	}
}

// requestToken gets a service-account token bound to the pod through the TokenRequest
// API, as the kubelet does for projected serviceAccountToken sources.
func (k *kubelet) requestToken(ctx context.Context, pod *corev1.Pod, source *corev1.ServiceAccountTokenProjection) (string, bool) {
	request := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
		ExpirationSeconds: source.ExpirationSeconds,
		BoundObjectRef:    &authenticationv1.BoundObjectReference{APIVersion: "v1", Kind: "Pod", Name: pod.Name, UID: pod.UID},
	}}
	if source.Audience != "" {
		request.Spec.Audiences = []string{source.Audience}
	}
	account := pod.Spec.ServiceAccountName
	if account == "" {
		account = "default"
	}
	result, ok := waitFor(ctx, pod, "service account token", func(ctx context.Context) (*authenticationv1.TokenRequest, error) {
		return k.client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, account, request, metav1.CreateOptions{})
	})
	if !ok {
		return "", false
	}
	return result.Status.Token, true
}

// podFieldValue resolves a downward-API field path (fieldRef) for a pod.
func podFieldValue(pod *corev1.Pod, hostIP, podIP, fieldPath string) (string, error) {
	if key, ok := strings.CutPrefix(fieldPath, "metadata.labels['"); ok {
		return pod.Labels[strings.TrimSuffix(key, "']")], nil
	}
	if key, ok := strings.CutPrefix(fieldPath, "metadata.annotations['"); ok {
		return pod.Annotations[strings.TrimSuffix(key, "']")], nil
	}
	switch fieldPath {
	case "metadata.name":
		return pod.Name, nil
	case "metadata.namespace":
		return pod.Namespace, nil
	case "metadata.uid":
		return string(pod.UID), nil
	case "metadata.labels":
		return formatMap(pod.Labels), nil
	case "metadata.annotations":
		return formatMap(pod.Annotations), nil
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.hostIP", "status.hostIPs":
		return hostIP, nil
	case "status.podIP", "status.podIPs":
		return podIP, nil
	}
	return "", fmt.Errorf("unsupported fieldPath %q", fieldPath)
}

func formatMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	var lines []string
	for _, key := range keys {
		lines = append(lines, key+"="+strconv.Quote(m[key]))
	}
	return strings.Join(lines, "\n")
}

// containerEnvironment builds a container's environment: the image's, the Service
// variables, envFrom, then env (later entries win; $(VAR) refers to earlier ones).
func (k *kubelet) containerEnvironment(pod *corev1.Pod, c corev1.Container, podIP string, src *podSources) ([]string, bool) {
	p := k.proc
	var order []string
	values := map[string]string{}
	set := func(name, value string) {
		if _, seen := values[name]; !seen {
			order = append(order, name)
		}
		values[name] = value
	}
	set("PATH", os.Getenv("PATH"))
	set("HOSTNAME", podHostname(pod.Name))
	// The stand-in's own HOME, so that the host's tools on PATH (pyenv shims, Ivy) work.
	if home := os.Getenv("HOME"); home != "" {
		set("HOME", home)
	}
	set("SPARK_HOME", imageSparkHome)
	if p.javaHome != "" {
		set("JAVA_HOME", p.javaHome)
	}
	if lang := os.Getenv("LANG"); lang != "" {
		set("LANG", lang)
	}
	// The pod's hostname resolves to its loopback IP, which Spark would skip for the first
	// non-loopback interface address; on a real pod it is the pod IP, so say so.
	set("SPARK_LOCAL_IP", podIP)
	set("KUBERNETES_SERVICE_HOST", p.apiHost)
	set("KUBERNETES_SERVICE_PORT", p.apiPort)
	set("KUBERNETES_SERVICE_PORT_HTTPS", p.apiPort)
	set("KUBERNETES_PORT", "tcp://"+net.JoinHostPort(p.apiHost, p.apiPort))
	set("KUBERNETES_PORT_443_TCP", "tcp://"+net.JoinHostPort(p.apiHost, p.apiPort))

	for _, from := range c.EnvFrom {
		var data map[string][]byte
		switch {
		case from.ConfigMapRef != nil:
			cm, ok := src.configMap(from.ConfigMapRef.Name, from.ConfigMapRef.Optional)
			if !ok {
				return nil, false
			}
			if cm != nil {
				data = configMapData(cm)
			}
		case from.SecretRef != nil:
			sec, ok := src.secret(from.SecretRef.Name, from.SecretRef.Optional)
			if !ok {
				return nil, false
			}
			if sec != nil {
				data = sec.Data
			}
		}
		keys := make([]string, 0, len(data))
		for key := range data {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			set(from.Prefix+key, string(data[key]))
		}
	}

	mapping := expansion.MappingFuncFor(values)
	for _, e := range c.Env {
		value := expansion.Expand(e.Value, mapping)
		if from := e.ValueFrom; from != nil {
			switch {
			case from.FieldRef != nil:
				value, _ = podFieldValue(pod, k.nodeIP, podIP, from.FieldRef.FieldPath)
			case from.ResourceFieldRef != nil:
				value = resourceFieldValue(c, from.ResourceFieldRef)
			case from.ConfigMapKeyRef != nil:
				cm, ok := src.configMap(from.ConfigMapKeyRef.Name, from.ConfigMapKeyRef.Optional)
				if !ok {
					return nil, false
				}
				if cm != nil {
					value = string(configMapData(cm)[from.ConfigMapKeyRef.Key])
				}
			case from.SecretKeyRef != nil:
				sec, ok := src.secret(from.SecretKeyRef.Name, from.SecretKeyRef.Optional)
				if !ok {
					return nil, false
				}
				if sec != nil {
					value = string(sec.Data[from.SecretKeyRef.Key])
				}
			}
		}
		set(e.Name, value)
	}
	env := make([]string, 0, len(order))
	for _, name := range order {
		env = append(env, name+"="+values[name])
	}
	return env, true
}

// resourceFieldValue resolves resourceFieldRef the way the kubelet does when no
// node-allocatable fallback is needed: the limit, else the request, in the divisor's unit.
func resourceFieldValue(c corev1.Container, ref *corev1.ResourceFieldSelector) string {
	kind, resourceName, _ := strings.Cut(ref.Resource, ".")
	list := c.Resources.Limits
	if kind == "requests" {
		list = c.Resources.Requests
	}
	q, ok := list[corev1.ResourceName(resourceName)]
	if !ok {
		return "0"
	}
	divisor := int64(1)
	if !ref.Divisor.IsZero() {
		divisor = ref.Divisor.MilliValue()
		if resourceName != "cpu" {
			divisor = ref.Divisor.Value()
		}
	}
	if resourceName == "cpu" {
		if divisor == 1 {
			divisor = 1000
		}
		return strconv.FormatInt((q.MilliValue()+divisor-1)/divisor, 10)
	}
	return strconv.FormatInt((q.Value()+divisor-1)/divisor, 10)
}

// envLookup reads NAME from a NAME=value list.
func envLookup(env []string, name string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// entrypointCommand is what apache/spark-docker's entrypoint.sh execs for a container
// without a command of its own (see the file header); command and args have their
// $(VAR) references expanded as the kubelet does.
func entrypointCommand(c corev1.Container, env []string) ([]string, error) {
	values := map[string]string{}
	for _, e := range env {
		name, value, _ := strings.Cut(e, "=")
		values[name] = value
	}
	mapping := expansion.MappingFuncFor(values)
	expand := func(list []string) []string {
		out := make([]string, len(list))
		for i, s := range list {
			out[i] = expansion.Expand(s, mapping)
		}
		return out
	}
	if len(c.Command) > 0 {
		return append(expand(c.Command), expand(c.Args)...), nil
	}
	args := expand(c.Args)
	get := func(name string) string { return values[name] }
	if len(args) == 0 {
		return nil, errors.New("the container has neither command nor args (the Spark image's entrypoint needs driver, executor or a command)")
	}
	switch args[0] {
	case "driver":
		bind := get("SPARK_DRIVER_BIND_ADDRESS")
		return append([]string{
			get("SPARK_HOME") + "/bin/spark-submit",
			"--conf", "spark.driver.bindAddress=" + bind,
			"--conf", "spark.executorEnv.SPARK_DRIVER_POD_IP=" + bind,
			"--deploy-mode", "client",
		}, args[1:]...), nil
	case "executor":
		classpath := get("SPARK_CLASSPATH") + ":" + get("SPARK_HOME") + "/jars/*"
		if extra := get("SPARK_EXTRA_CLASSPATH"); extra != "" {
			classpath += ":" + extra
		}
		if dir, ok := values["HADOOP_CONF_DIR"]; ok {
			classpath = dir + ":" + classpath
		}
		if dir, ok := values["SPARK_CONF_DIR"]; ok {
			classpath = dir + ":" + classpath
		} else if home, ok := values["SPARK_HOME"]; ok {
			classpath = home + "/conf:" + classpath
		}
		classpath += ":" + containerWorkDir(c) // SPARK-43540: the working directory
		java := "java"
		if home := get("JAVA_HOME"); home != "" {
			java = home + "/bin/java"
		}
		cmd := []string{java}
		var optNames []string // bash's ${!SPARK_JAVA_OPT_@}: sorted by name
		for name := range values {
			if strings.HasPrefix(name, "SPARK_JAVA_OPT_") {
				optNames = append(optNames, name)
			}
		}
		sort.Strings(optNames)
		for _, name := range optNames {
			cmd = append(cmd, values[name])
		}
		mem := get("SPARK_EXECUTOR_MEMORY")
		return append(cmd, "-Xms"+mem, "-Xmx"+mem,
			"-cp", classpath+":"+get("SPARK_DIST_CLASSPATH"),
			executorMain,
			"--driver-url", get("SPARK_DRIVER_URL"),
			"--executor-id", get("SPARK_EXECUTOR_ID"),
			"--cores", get("SPARK_EXECUTOR_CORES"),
			"--app-id", get("SPARK_APPLICATION_ID"),
			"--hostname", get("SPARK_EXECUTOR_POD_IP"),
			"--resourceProfileId", get("SPARK_RESOURCE_PROFILE_ID"),
			"--podName", get("SPARK_EXECUTOR_POD_NAME"),
		), nil
	default:
		return args, nil
	}
}

// containerWorkDir is the container's working directory: its own, else the image's.
func containerWorkDir(c corev1.Container) string {
	if c.WorkingDir != "" {
		return c.WorkingDir
	}
	return imageWorkDir
}

// podExecSpec is what the "pod-exec" helper gets (as JSON on fd 3): it sets the
// hostname, makes the mounts in its private mount namespace, then execs Argv.
type podExecSpec struct {
	Hostname string      `json:"hostname"`
	Mounts   []bindMount `json:"mounts"`
	Dir      string      `json:"dir"`
	Argv     []string    `json:"argv"`
	Env      []string    `json:"env"`
}

type bindMount struct {
	Source   string `json:"source"`
	Target   string `json:"target"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// containerMounts lists a container's bind mounts, parents before children.
func (k *kubelet) containerMounts(pod *corev1.Pod, c corev1.Container, volumes map[string]string) ([]bindMount, error) {
	p := k.proc
	work := filepath.Join(p.podDir(pod), "containers", c.Name, "work-dir")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	mounts := []bindMount{
		{Source: p.sparkHome, Target: imageSparkHome},
		{Source: work, Target: imageWorkDir},
		{Source: p.hostsFile(), Target: "/etc/hosts", ReadOnly: true},
	}
	var volumeMounts []bindMount
	for _, m := range c.VolumeMounts {
		source, ok := volumes[m.Name]
		if !ok {
			return nil, fmt.Errorf("volume mount %q refers to no volume of the pod", m.Name)
		}
		if m.SubPath != "" {
			source = filepath.Join(source, m.SubPath)
			if _, err := os.Stat(source); errors.Is(err, os.ErrNotExist) {
				_ = os.MkdirAll(source, 0o755)
			}
		}
		volumeMounts = append(volumeMounts, bindMount{Source: source, Target: m.MountPath, ReadOnly: m.ReadOnly})
	}
	sort.SliceStable(volumeMounts, func(i, j int) bool {
		return strings.Count(filepath.Clean(volumeMounts[i].Target), "/") < strings.Count(filepath.Clean(volumeMounts[j].Target), "/")
	})
	return append(mounts, volumeMounts...), nil
}

// runProcess runs one container as a local process and returns its exit code and, when
// it could not be started, why. It ends when the process has exited; if ctx ends first
// (the pod is being deleted, or the stand-in stops) the process group gets TERM, then
// KILL after the grace period.
func (k *kubelet) runProcess(ctx context.Context, pr *podRuntime, env containerEnv, environ []string, volumes map[string]string) (int32, string) {
	p := k.proc
	pod, c, out := env.pod, env.container, env.out
	fail := func(err error) (int32, string) {
		out.print("sparkdeck kubelet stand-in: " + err.Error())
		klog.ErrorS(err, "starting container", "pod", klog.KObj(pod), "container", c.Name)
		return 128, err.Error()
	}
	argv, err := entrypointCommand(c, environ)
	if err != nil {
		return fail(err)
	}
	mounts, err := k.containerMounts(pod, c, volumes)
	if err != nil {
		return fail(err)
	}
	spec, _ := json.Marshal(podExecSpec{Hostname: podHostname(pod.Name), Mounts: mounts, Dir: containerWorkDir(c), Argv: argv, Env: environ})

	self, err := os.Executable()
	if err != nil {
		return fail(err)
	}
	specR, specW, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	cmd := exec.Command(self, "pod-exec")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = outW, outW
	cmd.ExtraFiles = []*os.File{specR}
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:    true,
		Pdeathsig:  syscall.SIGKILL,
		Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWUTS,
	}
	if os.Geteuid() != 0 {
		cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
	}
	p.running.Add(1)
	defer p.running.Done()
	defer p.claimMountPoints(mounts)()
	err = cmd.Start()
	_ = specR.Close()
	_ = outW.Close()
	if err != nil {
		_ = specW.Close()
		_ = outR.Close()
		if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSPC) {
			err = fmt.Errorf("cannot create the container's mount and UTS namespaces (%w): run the stand-in as root, "+
				"or allow unprivileged user namespaces (sysctls kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0, "+
				"kernel.apparmor_restrict_unprivileged_userns=0)", err)
		}
		return fail(err)
	}
	go func() { _, _ = specW.Write(spec); _ = specW.Close() }()
	pgid := cmd.Process.Pid
	klog.InfoS("container started", "pod", klog.KObj(pod), "container", c.Name, "pid", pgid, "command", strings.Join(argv, " "))

	copied := make(chan struct{})
	go func() {
		defer close(copied)
		reader := bufio.NewReaderSize(outR, 64*1024)
		for {
			line, err := reader.ReadString('\n')
			if line != "" {
				out.print(strings.TrimSuffix(line, "\n"))
			}
			if err != nil {
				return
			}
		}
	}()

	exited := make(chan struct{})
	go func() {
		select {
		case <-exited:
			return
		case <-ctx.Done():
		}
		grace := 2 * time.Second
		if k.ctx.Err() == nil {
			k.mu.Lock()
			seconds := ptr.Deref(pr.pod.DeletionGracePeriodSeconds, ptr.Deref(pr.pod.Spec.TerminationGracePeriodSeconds, 30))
			k.mu.Unlock()
			grace = time.Duration(seconds) * time.Second
		}
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(grace):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
		}
	}()
	err = cmd.Wait()
	close(exited)
	_ = syscall.Kill(-pgid, syscall.SIGKILL) // whatever the main process left behind
	select {
	case <-copied:
	case <-time.After(5 * time.Second): // a process outside the group still holds the output open
	}
	_ = outR.Close()

	code := int32(0)
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		status := exitErr.Sys().(syscall.WaitStatus)
		code = int32(status.ExitStatus())
		if status.Signaled() {
			code = 128 + int32(status.Signal())
		}
	} else if err != nil {
		return fail(err)
	}
	return code, ""
}

// runPodExec is the "pod-exec" helper, started by runProcess in fresh mount and UTS
// namespaces: it reads its podExecSpec from fd 3, makes the mounts private to it, sets
// the hostname, bind-mounts, changes directory and execs the container's command.
func runPodExec() int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "sparkdeck kubelet stand-in: "+format+"\n", args...)
		return 128
	}
	specFile := os.NewFile(3, "spec")
	var spec podExecSpec
	if err := json.NewDecoder(specFile).Decode(&spec); err != nil {
		return fail("reading the container spec: %v", err)
	}
	_ = specFile.Close()
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fail("making mounts private: %v", err)
	}
	if err := syscall.Sethostname([]byte(spec.Hostname)); err != nil {
		return fail("setting the hostname: %v", err)
	}
	for _, m := range spec.Mounts {
		info, err := os.Stat(m.Source)
		if err != nil {
			return fail("mount source: %v", err)
		}
		if info.IsDir() {
			err = os.MkdirAll(m.Target, 0o755)
		} else if _, statErr := os.Stat(m.Target); errors.Is(statErr, os.ErrNotExist) {
			if err = os.MkdirAll(filepath.Dir(m.Target), 0o755); err == nil {
				var f *os.File
				if f, err = os.OpenFile(m.Target, os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
					_ = f.Close()
				}
			}
		}
		if err != nil {
			return fail("creating mount point %s: %v", m.Target, err)
		}
		if err := syscall.Mount(m.Source, m.Target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
			return fail("bind-mounting %s at %s: %v", m.Source, m.Target, err)
		}
		if m.ReadOnly {
			if err := syscall.Mount("", m.Target, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
				return fail("making %s read-only: %v", m.Target, err)
			}
		}
	}
	if err := os.Chdir(spec.Dir); err != nil {
		return fail("working directory: %v", err)
	}
	argv0 := spec.Argv[0]
	if !strings.Contains(argv0, "/") {
		path, _ := envLookup(spec.Env, "PATH")
		found := false
		for _, dir := range filepath.SplitList(path) {
			candidate := filepath.Join(dir, argv0)
			if info, err := os.Stat(candidate); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
				argv0, found = candidate, true
				break
			}
		}
		if !found {
			fmt.Fprintf(os.Stderr, "exec: %q: executable file not found in $PATH\n", spec.Argv[0])
			return 127
		}
	}
	err := syscall.Exec(argv0, spec.Argv, spec.Env)
	fmt.Fprintf(os.Stderr, "exec %s: %v\n", argv0, err)
	if errors.Is(err, syscall.ENOENT) {
		return 127
	}
	return 126
}
