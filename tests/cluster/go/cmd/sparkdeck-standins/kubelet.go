// Kubelet STAND-IN (role "kubelet"): not the real kubelet, there is no container
// runtime behind it. It mirrors what the real kubelet shows through the API:
//
//   - Node registration: it creates its own Node (default "sparkdeck-worker") with the
//     well-known labels (kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch),
//     conditions MemoryPressure/DiskPressure/PIDPressure=False and Ready=True (reason
//     KubeletReady), addresses InternalIP 127.0.0.1 and Hostname, capacity/allocatable,
//     nodeInfo and status.daemonEndpoints.kubeletEndpoint.Port = its HTTPS port. It
//     authenticates as system:node:<name> (group system:nodes), so the API server's
//     Node authorizer and NodeRestriction admission apply to it as to a real kubelet,
//     and it renews its Lease in kube-node-lease every 10 s.
//   - Pod lifecycle for the pods bound to it (spec.nodeName; nothing schedules, the
//     Spark Operator stand-in binds its pods directly): Pending with the containers
//     waiting (ContainerCreating) while configMap volumes are "mounted", then Running
//     (PodScheduled/PodReadyToStartContainers/Initialized/ContainersReady/Ready=True,
//     containers running with startedAt, containerID, imageID, podIP from the node's
//     podCIDR), then Succeeded or Failed with terminated states (exit code, reason
//     Completed/Error, finishedAt) and Ready=False reason PodCompleted/PodFailed. A pod
//     being deleted has its containers "killed" (exit 143) and is then removed with
//     grace period 0, which is how a real kubelet finishes a graceful deletion.
//   - Containers are simulated programs (spark_programs.go) that print to an
//     in-memory log, served by the kubelet log API (kubelet_server.go). With
//     --spark-home (process mode, kubelet_process.go) they run as local processes with
//     a real Spark instead, on loopback pod IPs; that file says what it mirrors.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/component-base/version"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

const nodeLeaseNamespace = "kube-node-lease"

type kubelet struct {
	ctx         context.Context // the process lifetime; API calls use it
	client      kubernetes.Interface
	nodeName    string
	nodeIP      string
	podCIDR     netip.Prefix
	startDelay  time.Duration
	runDuration time.Duration

	mu     sync.Mutex
	pods   map[types.UID]*podRuntime // the pods this node runs
	byName map[string]*podRuntime    // "namespace/name" → pod, for the log API
	spark  map[string]*sparkSession  // "namespace/spark-app-id" → driver/executor rendezvous
	nextIP netip.Addr

	proc *processRuntime // set in process mode (kubelet_process.go): containers run as local processes
}

// podRuntime is the node-side state of one pod. pod, status and logs are guarded by kubelet.mu.
type podRuntime struct {
	pod    *corev1.Pod
	status corev1.PodStatus      // what this node reports for the pod
	logs   map[string]*logBuffer // container name → output, from the moment it starts
	ctx    context.Context       // cancelled when the pod is deleted: its containers are killed
	kill   context.CancelFunc
}

func runKubelet(ctx context.Context, args []string) error {
	fs := newFlagSet("kubelet")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig with the node's credentials (CN=system:node:<name>, O=system:nodes)")
	nodeName := fs.String("node-name", "sparkdeck-worker", "name of the Node to register")
	address := fs.String("address", "127.0.0.1", "IP to serve the kubelet API on; also the node's InternalIP")
	port := fs.Int("port", 0, "port of the kubelet API (0 picks a free one; it is published in the Node status)")
	certFile := fs.String("tls-cert-file", "", "serving certificate (must be valid for --address)")
	keyFile := fs.String("tls-private-key-file", "", "serving key")
	clientCAFile := fs.String("client-ca-file", "", "CA that must have signed API clients' certificates (the API server's kubelet client cert)")
	podCIDR := fs.String("pod-cidr", "10.244.0.0/24", "range the pod IPs are taken from")
	startDelay := fs.Duration("start-delay", time.Second, "how long containers stay in ContainerCreating")
	runDuration := fs.Duration("run-duration", 6*time.Second, "how long a simulated Spark driver runs its job")
	sparkHome := fs.String("spark-home", os.Getenv("SPARKDECK_SPARK_HOME"),
		"a Spark distribution: when set, containers run as local processes with it at /opt/spark (process mode, kubelet_process.go) instead of simulated programs")
	rootDir := fs.String("root-dir", "", "process mode: directory for pod volumes and the hosts file (default: a directory in $TMPDIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cidr, err := netip.ParsePrefix(*podCIDR)
	if err != nil {
		return fmt.Errorf("--pod-cidr: %w", err)
	}
	tlsConfig, err := kubeletTLSConfig(*certFile, *keyFile, *clientCAFile)
	if err != nil {
		return err
	}
	restConfig, client, err := newClientset(*kubeconfig, "sparkdeck-kubelet-standin/"+version.Get().GitVersion)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(*address, strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	k := &kubelet{
		ctx: ctx, client: client, nodeName: *nodeName, nodeIP: *address,
		podCIDR: cidr.Masked(), startDelay: *startDelay, runDuration: *runDuration,
		pods: map[types.UID]*podRuntime{}, byName: map[string]*podRuntime{}, spark: map[string]*sparkSession{},
		nextIP: firstPodIP(cidr.Masked()),
	}

	if *sparkHome != "" {
		if *rootDir == "" {
			*rootDir = filepath.Join(os.TempDir(), "sparkdeck-kubelet-"+*nodeName)
		}
		if err := k.startProcessRuntime(*sparkHome, *rootDir, restConfig.Host); err != nil {
			return err
		}
	}

	server := &http.Server{Handler: k.apiHandler(), TLSConfig: tlsConfig, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.ServeTLS(listener, "", "") }()
	kubeletPort := int32(listener.Addr().(*net.TCPAddr).Port)
	klog.InfoS("serving kubelet API", "address", listener.Addr().String())

	if err := k.registerNode(kubeletPort); err != nil {
		return fmt.Errorf("registering node: %w", err)
	}
	go k.heartbeat()
	if err := k.watchPods(); err != nil {
		return err
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("kubelet API server: %w", err)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdownCtx)
	if k.proc != nil {
		k.proc.running.Wait() // every container process has been stopped (TERM, KILL after 2 s)
	}
	return nil
}

// kubeletTLSConfig serves with the node's certificate and, like a kubelet started with
// --client-ca-file and anonymous auth off, rejects clients without a certificate from the CA.
func kubeletTLSConfig(certFile, keyFile, clientCAFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("loading serving certificate: %w", err)
	}
	caPEM, err := os.ReadFile(clientCAFile)
	if err != nil {
		return nil, fmt.Errorf("--client-ca-file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("--client-ca-file %s holds no PEM certificate", clientCAFile)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	}, nil
}

// registerNode creates (or takes over) the Node object and publishes its status.
func (k *kubelet) registerNode(port int32) error {
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name: k.nodeName,
			Labels: map[string]string{
				"kubernetes.io/hostname":  k.nodeName,
				"kubernetes.io/os":        runtime.GOOS,
				"kubernetes.io/arch":      runtime.GOARCH,
				"beta.kubernetes.io/os":   runtime.GOOS,
				"beta.kubernetes.io/arch": runtime.GOARCH,
			},
			Annotations: map[string]string{
				"node.alpha.kubernetes.io/ttl":                           "0",
				"volumes.kubernetes.io/controller-managed-attach-detach": "true",
			},
		},
		Spec: corev1.NodeSpec{PodCIDR: k.podCIDR.String(), PodCIDRs: []string{k.podCIDR.String()}},
	}
	err := wait.PollUntilContextTimeout(k.ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := k.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err == nil || apierrors.IsAlreadyExists(err) {
			return true, nil
		}
		klog.InfoS("node registration failed, retrying", "err", err)
		return false, nil
	})
	if err != nil {
		return err
	}
	return retry.OnError(retry.DefaultRetry, staleNode, func() error {
		current, err := k.client.CoreV1().Nodes().Get(k.ctx, k.nodeName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		current.Status = k.nodeStatus(port)
		_, err = k.client.CoreV1().Nodes().UpdateStatus(k.ctx, current, metav1.UpdateOptions{})
		if err == nil {
			klog.InfoS("node registered", "node", k.nodeName, "kubeletPort", port)
		}
		return err
	})
}

// staleNode reports whether a node status update failed because the node changed since it was
// read: a conflict, or (admission runs before the conflict check) NodeRestriction refusing an
// update whose taints differ from the stored ones, which happens when the node-lifecycle
// controller taints or untaints the node in between. Read it again and retry.
func staleNode(err error) bool {
	return apierrors.IsConflict(err) || (apierrors.IsForbidden(err) && strings.Contains(err.Error(), "not allowed to modify taints"))
}

func (k *kubelet) nodeStatus(port int32) corev1.NodeStatus {
	now := metav1.Now()
	condition := func(t corev1.NodeConditionType, s corev1.ConditionStatus, reason, message string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: t, Status: s, Reason: reason, Message: message, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	resources := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("8"),
		corev1.ResourceMemory:           resource.MustParse("32Gi"),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
		corev1.ResourcePods:             resource.MustParse("110"),
	}
	return corev1.NodeStatus{
		Capacity:    resources,
		Allocatable: resources,
		Conditions: []corev1.NodeCondition{
			condition(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
			condition(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
			condition(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
			condition(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady", "kubelet is posting ready status"),
		},
		Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: k.nodeIP},
			{Type: corev1.NodeHostName, Address: k.nodeName},
		},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: port}},
		NodeInfo: corev1.NodeSystemInfo{
			MachineID:               randomHex(16),
			SystemUUID:              randomHex(16),
			BootID:                  randomHex(16),
			KernelVersion:           kernelVersion(),
			OSImage:                 "SparkDeck stand-in node (no container runtime)",
			ContainerRuntimeVersion: "sparkdeck-standin://" + version.Get().GitVersion,
			KubeletVersion:          version.Get().GitVersion,
			OperatingSystem:         runtime.GOOS,
			Architecture:            runtime.GOARCH,
		},
	}
}

// heartbeat renews the node Lease every 10 s and refreshes the Ready condition's
// heartbeat once a minute, the two signals a real kubelet gives that it is alive.
func (k *kubelet) heartbeat() {
	ticks := 0
	wait.UntilWithContext(k.ctx, func(ctx context.Context) {
		if err := k.renewLease(ctx); err != nil {
			klog.InfoS("lease renewal failed", "err", err)
		}
		if ticks++; ticks%6 == 0 {
			err := retry.OnError(retry.DefaultRetry, staleNode, func() error {
				node, err := k.client.CoreV1().Nodes().Get(ctx, k.nodeName, metav1.GetOptions{})
				if err != nil {
					return err
				}
				for i := range node.Status.Conditions {
					node.Status.Conditions[i].LastHeartbeatTime = metav1.Now()
				}
				_, err = k.client.CoreV1().Nodes().UpdateStatus(ctx, node, metav1.UpdateOptions{})
				return err
			})
			if err != nil {
				klog.InfoS("node heartbeat failed", "err", err)
			}
		}
	}, 10*time.Second)
}

func (k *kubelet) renewLease(ctx context.Context) error {
	leases := k.client.CoordinationV1().Leases(nodeLeaseNamespace)
	now := metav1.NewMicroTime(time.Now())
	lease, err := leases.Get(ctx, k.nodeName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		node, err := k.client.CoreV1().Nodes().Get(ctx, k.nodeName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{
				Name: k.nodeName, Namespace: nodeLeaseNamespace,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID}},
			},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr.To(k.nodeName), LeaseDurationSeconds: ptr.To[int32](40), RenewTime: &now},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	lease.Spec.RenewTime = &now
	_, err = leases.Update(ctx, lease, metav1.UpdateOptions{})
	return err
}

// watchPods follows the pods bound to this node. The field selector is required: the
// Node authorizer only lets a node list and watch pods with spec.nodeName=<itself>.
func (k *kubelet) watchPods() error {
	factory := informers.NewSharedInformerFactoryWithOptions(k.client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", k.nodeName).String()
		}))
	informer := factory.Core().V1().Pods().Informer()
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    k.podSeen,
		UpdateFunc: func(_, obj any) { k.podSeen(obj) },
		DeleteFunc: k.podGone,
	})
	if err != nil {
		return err
	}
	factory.Start(k.ctx.Done())
	if !cache.WaitForCacheSync(k.ctx.Done(), informer.HasSynced) {
		return errors.New("pod informer did not sync")
	}
	return nil
}

func (k *kubelet) podSeen(obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	pr := k.pods[pod.UID]
	if pr == nil {
		// Only pods that have not been started yet are ours to run; this stand-in keeps
		// containers in memory, so there is nothing to resume after a restart.
		if pod.Status.Phase != corev1.PodPending && pod.Status.Phase != "" {
			return
		}
		ctx, kill := context.WithCancel(k.ctx)
		pr = &podRuntime{pod: pod, status: *pod.Status.DeepCopy(), logs: map[string]*logBuffer{}, ctx: ctx, kill: kill}
		k.pods[pod.UID] = pr
		k.byName[pod.Namespace+"/"+pod.Name] = pr
		go k.runPod(pr)
	}
	pr.pod = pod
	if pod.DeletionTimestamp != nil {
		pr.kill()
	}
}

func (k *kubelet) podGone(obj any) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if pr := k.pods[pod.UID]; pr != nil {
		pr.kill()
		delete(k.pods, pod.UID)
		if k.byName[pod.Namespace+"/"+pod.Name] == pr {
			delete(k.byName, pod.Namespace+"/"+pod.Name)
		}
	}
	if pod.Labels[labelSparkRole] == sparkRoleDriver {
		delete(k.spark, pod.Namespace+"/"+pod.Labels[labelSparkAppSelector])
	}
	if k.proc != nil {
		go func() {
			k.refreshHosts()
			k.proc.removePod(pod)
		}()
	}
}

// runPod drives one pod through Pending → Running → Succeeded/Failed, as the kubelet's
// pod worker does, and finishes a graceful deletion by removing the pod.
func (k *kubelet) runPod(pr *podRuntime) {
	k.mu.Lock()
	pod := pr.pod
	k.mu.Unlock()
	logger := klog.LoggerWithValues(klog.Background(), "pod", klog.KObj(pod))
	defer func() {
		if pr.ctx.Err() != nil && k.ctx.Err() == nil {
			k.finishDeletion(pod)
		}
	}()

	now := metav1.Now()
	k.updateStatus(pr, func(s *corev1.PodStatus) {
		s.Phase = corev1.PodPending
		s.HostIP, s.HostIPs = k.nodeIP, []corev1.HostIP{{IP: k.nodeIP}}
		s.StartTime = &now
		s.Conditions = podConditions(now, pod, corev1.PodPending)
		s.ContainerStatuses = nil
		for _, c := range pod.Spec.Containers {
			s.ContainerStatuses = append(s.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image,
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}},
			})
		}
	})

	podIP := k.allocateIP()
	var files map[string]map[string]string // simulated containers: mount path → content
	var volumes map[string]string          // process mode: volume name → host directory
	environs := map[string][]string{}      // process mode: container name → environment
	if k.proc != nil {
		src := &podSources{k: k, ctx: pr.ctx, pod: pod, configMaps: map[string]*corev1.ConfigMap{}, secrets: map[string]*corev1.Secret{}}
		var ok bool
		if volumes, ok = k.prepareVolumes(pr.ctx, pod, src); !ok {
			return
		}
		for _, c := range pod.Spec.Containers {
			if environs[c.Name], ok = k.containerEnvironment(pod, c, podIP, src); !ok {
				return
			}
		}
	} else {
		var ok bool
		files, ok = k.mountConfigMaps(pr.ctx, pod)
		if !ok || !sleepCtx(pr.ctx, k.startDelay) {
			return
		}
	}

	// Attach the containers' outputs before they are reported running, so a log request
	// never finds a running container without one.
	outs := map[string]*logBuffer{}
	k.mu.Lock()
	for _, c := range pod.Spec.Containers {
		outs[c.Name] = newLogBuffer()
		pr.logs[c.Name] = outs[c.Name]
	}
	k.mu.Unlock()

	started := metav1.Now()
	k.updateStatus(pr, func(s *corev1.PodStatus) {
		s.Phase = corev1.PodRunning
		s.PodIP, s.PodIPs = podIP, []corev1.PodIP{{IP: podIP}}
		s.Conditions = podConditions(started, pod, corev1.PodRunning)
		for i := range s.ContainerStatuses {
			cs := &s.ContainerStatuses[i]
			cs.ContainerID = "containerd://" + randomHex(32)
			cs.Image, cs.ImageID = pulledImage(cs.Image)
			cs.Ready, cs.Started = true, ptr.To(true)
			cs.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}
		}
	})
	logger.Info("pod running", "podIP", podIP)
	if k.proc != nil {
		k.refreshHosts()
	}

	type exit struct {
		name    string
		code    int32
		message string // why the container could not start
	}
	exits := make(chan exit, len(pod.Spec.Containers))
	for _, c := range pod.Spec.Containers {
		env := containerEnv{pod: pod, container: c, podIP: podIP, files: files[c.Name], out: outs[c.Name]}
		go func() {
			var e exit
			if k.proc != nil {
				e.code, e.message = k.runProcess(pr.ctx, pr, env, environs[c.Name], volumes)
			} else {
				e.code = k.runContainer(pr.ctx, env)
			}
			env.out.close()
			e.name = c.Name
			exits <- e
		}()
	}

	failed := false
	for range pod.Spec.Containers {
		e := <-exits
		if k.ctx.Err() != nil {
			return // the stand-in itself is stopping; leave the pod as it is
		}
		failed = failed || e.code != 0
		finished := metav1.Now()
		reason := "Completed"
		if e.code != 0 {
			reason = "Error"
		}
		k.updateStatus(pr, func(s *corev1.PodStatus) {
			for i := range s.ContainerStatuses {
				cs := &s.ContainerStatuses[i]
				if cs.Name == e.name {
					cs.Ready, cs.Started = false, ptr.To(false)
					cs.State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
						ExitCode: e.code, Reason: reason, Message: e.message, StartedAt: started, FinishedAt: finished, ContainerID: cs.ContainerID,
					}}
				}
			}
		})
		logger.Info("container exited", "container", e.name, "exitCode", e.code)
	}

	phase := corev1.PodSucceeded
	if failed {
		phase = corev1.PodFailed
	}
	done := metav1.Now()
	k.updateStatus(pr, func(s *corev1.PodStatus) {
		s.Phase = phase
		s.Conditions = podConditions(done, pod, phase)
	})
	logger.Info("pod finished", "phase", phase)
}

// podConditions builds the five standard pod conditions for a pod in the given phase,
// with the reasons a real kubelet reports.
func podConditions(now metav1.Time, pod *corev1.Pod, phase corev1.PodPhase) []corev1.PodCondition {
	sandbox, ready, reason, message := corev1.ConditionFalse, corev1.ConditionFalse, "", ""
	switch phase {
	case corev1.PodPending:
		names := make([]string, 0, len(pod.Spec.Containers))
		for _, c := range pod.Spec.Containers {
			names = append(names, c.Name)
		}
		reason, message = "ContainersNotReady", fmt.Sprintf("containers with unready status: [%s]", strings.Join(names, " "))
	case corev1.PodRunning:
		sandbox, ready = corev1.ConditionTrue, corev1.ConditionTrue
	case corev1.PodSucceeded:
		reason = "PodCompleted"
	case corev1.PodFailed:
		reason = "PodFailed"
	}
	return []corev1.PodCondition{
		{Type: corev1.PodReadyToStartContainers, Status: sandbox, LastTransitionTime: now},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: now},
		{Type: corev1.PodReady, Status: ready, Reason: reason, Message: message, LastTransitionTime: now},
		{Type: corev1.ContainersReady, Status: ready, Reason: reason, Message: message, LastTransitionTime: now},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: now},
	}
}

// updateStatus applies change to the node's view of the pod and writes it to the API
// (pods/status, the subresource a kubelet owns). The QoS class belongs to the API server.
func (k *kubelet) updateStatus(pr *podRuntime, change func(*corev1.PodStatus)) {
	k.mu.Lock()
	change(&pr.status)
	status := pr.status.DeepCopy()
	ns, name, uid := pr.pod.Namespace, pr.pod.Name, pr.pod.UID
	k.mu.Unlock()

	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := k.client.CoreV1().Pods(ns).Get(k.ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if current.UID != uid {
			return nil
		}
		qos := current.Status.QOSClass
		current.Status = *status
		current.Status.QOSClass = qos
		_, err = k.client.CoreV1().Pods(ns).UpdateStatus(k.ctx, current, metav1.UpdateOptions{})
		return err
	})
	if err != nil && !apierrors.IsNotFound(err) && k.ctx.Err() == nil {
		klog.ErrorS(err, "updating pod status", "pod", klog.KRef(ns, name))
	}
}

// finishDeletion removes a pod whose graceful deletion this node has carried out.
func (k *kubelet) finishDeletion(pod *corev1.Pod) {
	err := k.client.CoreV1().Pods(pod.Namespace).Delete(k.ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To[int64](0),
		Preconditions:      &metav1.Preconditions{UID: &pod.UID},
	})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		klog.ErrorS(err, "deleting terminated pod", "pod", klog.KObj(pod))
	}
}

// mountConfigMaps "mounts" the pod's configMap volumes: it fetches them (the Node
// authorizer allows it only for config maps referenced by pods bound to this node) and
// returns, per container, mount path → file content. Like the real kubelet it keeps
// retrying while a config map is missing, the pod staying in ContainerCreating.
func (k *kubelet) mountConfigMaps(ctx context.Context, pod *corev1.Pod) (map[string]map[string]string, bool) {
	volumes := map[string]map[string]string{} // volume name → file name → content
	for _, v := range pod.Spec.Volumes {
		if v.ConfigMap == nil {
			continue
		}
		var cm *corev1.ConfigMap
		err := wait.PollUntilContextCancel(ctx, 500*time.Millisecond, true, func(ctx context.Context) (bool, error) {
			var err error
			cm, err = k.client.CoreV1().ConfigMaps(pod.Namespace).Get(ctx, v.ConfigMap.Name, metav1.GetOptions{})
			if err != nil {
				klog.V(2).InfoS("waiting for config map volume", "pod", klog.KObj(pod), "configMap", v.ConfigMap.Name, "err", err)
			}
			return err == nil, nil
		})
		if err != nil {
			return nil, false
		}
		files := map[string]string{}
		if len(v.ConfigMap.Items) == 0 {
			for key, data := range cm.Data {
				files[key] = data
			}
		}
		for _, item := range v.ConfigMap.Items {
			files[item.Path] = cm.Data[item.Key]
		}
		volumes[v.Name] = files
	}
	perContainer := map[string]map[string]string{}
	for _, c := range pod.Spec.Containers {
		perContainer[c.Name] = map[string]string{}
		for _, m := range c.VolumeMounts {
			for name, data := range volumes[m.Name] {
				perContainer[c.Name][path.Join(m.MountPath, name)] = data
			}
		}
	}
	return perContainer, true
}

func (k *kubelet) allocateIP() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	ip := k.nextIP
	k.nextIP = ip.Next()
	if !k.podCIDR.Contains(k.nextIP) {
		k.nextIP = firstPodIP(k.podCIDR)
	}
	return ip.String()
}

// firstPodIP skips the network address and the bridge's .1, as pod IPs on a node do.
func firstPodIP(cidr netip.Prefix) netip.Addr { return cidr.Addr().Next().Next() }

// pulledImage returns the fully qualified image reference and the digest-qualified
// image ID a container runtime reports for an image, e.g. "spark:3.5.3" →
// "docker.io/library/spark:3.5.3" and "docker.io/library/spark@sha256:…" (a made-up digest).
func pulledImage(image string) (ref, id string) {
	repo, tag := image, ":latest"
	if i := strings.IndexAny(image[strings.LastIndex(image, "/")+1:], ":@"); i >= 0 {
		split := strings.LastIndex(image, "/") + 1 + i
		repo, tag = image[:split], image[split:]
	}
	switch first, _, qualified := strings.Cut(repo, "/"); {
	case !qualified:
		repo = "docker.io/library/" + repo
	case !strings.ContainsAny(first, ".:") && first != "localhost":
		repo = "docker.io/" + repo
	}
	sum := sha256.Sum256([]byte(image))
	return repo + tag, repo + "@sha256:" + hex.EncodeToString(sum[:])
}

func kernelVersion() string {
	data, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(data))
}

func randomHex(bytes int) string {
	b := make([]byte, bytes)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// sleepCtx waits for d; it returns false if ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
