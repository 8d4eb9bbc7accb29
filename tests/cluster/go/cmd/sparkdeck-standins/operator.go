// Spark Operator STAND-IN (role "operator"): not the Kubeflow Spark Operator; no
// spark-submit or JVM runs. It mirrors what the real operator (v2.x) and spark-submit
// leave in the API for sparkoperator.k8s.io/v1beta2 SparkApplications in its job
// namespaces (--job-namespaces, like the chart's spark.jobNamespaces; others are ignored):
//
//   - Submission (state "" = new, after --submit-delay, the time spark-submit takes):
//     the driver pod <app>-driver (or spec.driver.podName) with the operator's labels
//     (sparkoperator.k8s.io/app-name, .../submission-id, .../launched-by-spark-operator)
//     and Spark's (spark-role=driver, spark-app-selector=<spark-…>, spark-app-name,
//     spark-version), container spark-kubernetes-driver running the spec's image with
//     Spark's driver arguments, serviceAccountName from spec.driver.serviceAccount,
//     owned by the SparkApplication. Next to it, owned by the driver pod as spark-submit
//     does: the spark-drv-…-conf-map config map holding spark.properties and the
//     headless <prefix>-driver-svc service. Then the operator's web UI service
//     <app>-ui-svc. Status: SUBMITTED with submissionID, submissionAttempts,
//     lastSubmissionAttemptTime, executionAttempts, sparkApplicationId and driverInfo.
//     If the API server rejects the driver pod (e.g. its service account does not
//     exist) the state is SUBMISSION_FAILED with spark-submit's error as errorMessage.
//   - Tracking, from the driver pod as the real operator does: Pending → SUBMITTED,
//     Running → RUNNING, Succeeded → SUCCEEDING → COMPLETED, Failed → FAILING → FAILED
//     with errorMessage "driver container failed with ExitCode: N, Reason: R";
//     terminationTime when the driver ends; executorState from the executor pods.
//   - Executors: once the driver runs, spec.executor.instances (default 1) executor pods
//     <prefix>-exec-<n> (spark-role=executor, spark-exec-id=<n>, container
//     spark-kubernetes-executor), owned by the driver pod. In real life the Spark driver
//     creates them; this stand-in does it on the driver's behalf.
//   - Events on the SparkApplication with the real reasons and messages
//     (SparkApplicationSubmitted, SparkDriverRunning, SparkExecutorRunning, …), source
//     component spark-application-controller. Status goes through the status subresource.
//   - Deletion: no garbage collector runs in this control plane, so the stand-in deletes
//     what belonged to a deleted application (and leftovers of an earlier application of
//     the same name) itself.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/retry"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/component-base/version"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

var sparkApplications = schema.GroupVersionResource{Group: "sparkoperator.k8s.io", Version: "v1beta2", Resource: "sparkapplications"}

// Application states (v1beta2 ApplicationStateType).
const (
	stateNew              = ""
	stateSubmitted        = "SUBMITTED"
	stateRunning          = "RUNNING"
	stateSucceeding       = "SUCCEEDING"
	stateCompleted        = "COMPLETED"
	stateFailing          = "FAILING"
	stateFailed           = "FAILED"
	stateSubmissionFailed = "SUBMISSION_FAILED"
	stateUnknown          = "UNKNOWN"
)

// driverPodGracePeriod is how long a missing driver pod is tolerated after submission.
const driverPodGracePeriod = 10 * time.Second

// appSpec is the part of the SparkApplication spec the stand-in uses.
type appSpec struct {
	Type                string            `json:"type"`
	SparkVersion        string            `json:"sparkVersion"`
	Image               string            `json:"image"`
	ImagePullPolicy     string            `json:"imagePullPolicy"`
	MainClass           string            `json:"mainClass"`
	MainApplicationFile string            `json:"mainApplicationFile"`
	Arguments           []string          `json:"arguments"`
	SparkConf           map[string]string `json:"sparkConf"`
	Driver              struct {
		podSpec
		PodName string `json:"podName"`
	} `json:"driver"`
	Executor struct {
		podSpec
		Instances *int32 `json:"instances"`
	} `json:"executor"`
}

type podSpec struct {
	Cores          *int32            `json:"cores"`
	CoreLimit      string            `json:"coreLimit"`
	Memory         string            `json:"memory"`
	MemoryOverhead string            `json:"memoryOverhead"`
	Image          string            `json:"image"`
	Labels         map[string]string `json:"labels"`
	Annotations    map[string]string `json:"annotations"`
	Env            []corev1.EnvVar   `json:"env"`
	ServiceAccount string            `json:"serviceAccount"`
}

// appStatus is the SparkApplication status, all of it owned by the operator.
type appStatus struct {
	SparkApplicationID        string            `json:"sparkApplicationId,omitempty"`
	SubmissionID              string            `json:"submissionID,omitempty"`
	LastSubmissionAttemptTime *metav1.Time      `json:"lastSubmissionAttemptTime,omitempty"`
	TerminationTime           *metav1.Time      `json:"terminationTime,omitempty"`
	DriverInfo                driverInfo        `json:"driverInfo"`
	AppState                  appState          `json:"applicationState"`
	ExecutorState             map[string]string `json:"executorState,omitempty"`
	ExecutionAttempts         int32             `json:"executionAttempts,omitempty"`
	SubmissionAttempts        int32             `json:"submissionAttempts,omitempty"`
}

type driverInfo struct {
	WebUIServiceName string `json:"webUIServiceName,omitempty"`
	WebUIAddress     string `json:"webUIAddress,omitempty"`
	WebUIPort        int32  `json:"webUIPort,omitempty"`
	PodName          string `json:"podName,omitempty"`
}

type appState struct {
	State        string `json:"state"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

type operator struct {
	ctx         context.Context
	client      kubernetes.Interface
	dynamic     dynamic.Interface
	recorder    record.EventRecorder
	queue       workqueue.TypedRateLimitingInterface[string]
	pods        map[string]corelisters.PodLister // per watched namespace ("" = all)
	nodeName    string
	masterURL   string
	submitDelay time.Duration
}

func runOperator(ctx context.Context, args []string) error {
	fs := newFlagSet("operator")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig with the operator's credentials")
	jobNamespaces := fs.String("job-namespaces", "default", "comma-separated namespaces whose SparkApplications are handled (an empty item means all)")
	nodeName := fs.String("node-name", "sparkdeck-worker", "node the Spark pods are bound to (nothing schedules in this control plane)")
	submitDelay := fs.Duration("submit-delay", time.Second, "time spark-submit takes before the driver pod is created")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, client, err := newClientset(*kubeconfig, "sparkdeck-spark-operator-standin/"+version.Get().GitVersion)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}

	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	defer broadcaster.Shutdown()

	o := &operator{
		ctx: ctx, client: client, dynamic: dyn,
		recorder: broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "spark-application-controller"}),
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "sparkapplication"}),
		pods:     map[string]corelisters.PodLister{},
		nodeName: *nodeName, masterURL: "k8s://" + cfg.Host, submitDelay: *submitDelay,
	}
	defer o.queue.ShutDown()

	var synced []cache.InformerSynced
	namespaces := strings.Split(*jobNamespaces, ",")
	for i, ns := range namespaces {
		namespaces[i] = strings.TrimSpace(ns)
		if namespaces[i] == "" {
			namespaces = []string{metav1.NamespaceAll}
			break
		}
	}
	for _, ns := range namespaces {
		apps := dynamicinformer.NewFilteredDynamicSharedInformerFactory(dyn, 0, ns, nil).ForResource(sparkApplications).Informer()
		enqueueApp := func(obj any) {
			if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
				o.queue.Add(key)
			}
		}
		if _, err := apps.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: enqueueApp, UpdateFunc: func(_, obj any) { enqueueApp(obj) }, DeleteFunc: enqueueApp,
		}); err != nil {
			return err
		}
		podFactory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(ns),
			informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = labelLaunchedBy + "=true" }))
		pods := podFactory.Core().V1().Pods()
		if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: o.enqueueOwner, UpdateFunc: func(_, obj any) { o.enqueueOwner(obj) }, DeleteFunc: o.enqueueOwner,
		}); err != nil {
			return err
		}
		o.pods[ns] = pods.Lister()
		go apps.Run(ctx.Done())
		podFactory.Start(ctx.Done())
		synced = append(synced, apps.HasSynced, pods.Informer().HasSynced)
	}
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		return errors.New("informers did not sync")
	}
	klog.InfoS("spark operator stand-in started", "jobNamespaces", namespaces)

	go wait.UntilWithContext(ctx, func(context.Context) {
		for o.processNext() {
		}
	}, time.Second)
	<-ctx.Done()
	return nil
}

// enqueueOwner queues the application a Spark pod belongs to.
func (o *operator) enqueueOwner(obj any) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	if pod, ok := obj.(*corev1.Pod); ok && pod.Labels[labelAppName] != "" {
		o.queue.Add(pod.Namespace + "/" + pod.Labels[labelAppName])
	}
}

func (o *operator) processNext() bool {
	key, quit := o.queue.Get()
	if quit {
		return false
	}
	defer o.queue.Done(key)
	if err := o.reconcile(key); err != nil {
		klog.ErrorS(err, "reconcile failed, retrying", "app", key)
		o.queue.AddRateLimited(key)
		return true
	}
	o.queue.Forget(key)
	return true
}

func (o *operator) podLister(namespace string) corelisters.PodNamespaceLister {
	if l, ok := o.pods[namespace]; ok {
		return l.Pods(namespace)
	}
	return o.pods[metav1.NamespaceAll].Pods(namespace)
}

// reconcile moves one application along. It reads the application from the API rather
// than the informer cache, so a status it has just written is never seen stale.
func (o *operator) reconcile(key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return err
	}
	app, err := o.dynamic.Resource(sparkApplications).Namespace(ns).Get(o.ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err := o.removeResources(ns, name, "")
		return err
	}
	if err != nil {
		return err
	}
	if app.GetDeletionTimestamp() != nil {
		_, err := o.removeResources(ns, name, "")
		return err
	}
	var spec appSpec
	var status appStatus
	if err := fromUnstructured(app.Object["spec"], &spec); err != nil {
		return fmt.Errorf("decoding spec: %w", err)
	}
	if err := fromUnstructured(app.Object["status"], &status); err != nil {
		return fmt.Errorf("decoding status: %w", err)
	}
	// Whatever an earlier application of this name left behind goes first.
	leftovers, err := o.removeResources(ns, name, status.SubmissionID)
	if err != nil {
		return err
	}

	original := status
	original.ExecutorState = cloneMap(status.ExecutorState)
	switch status.AppState.State {
	case stateNew:
		if leftovers > 0 {
			o.queue.AddAfter(key, time.Second)
			return nil
		}
		if wait := o.submitDelay - time.Since(app.GetCreationTimestamp().Time); wait > 0 {
			o.queue.AddAfter(key, wait)
			return nil
		}
		o.submit(app, &spec, &status)
	case stateSubmitted, stateRunning, stateUnknown:
		if err := o.trackDriver(app, &spec, &status); err != nil {
			return err
		}
		o.trackExecutors(app, &status)
	case stateSucceeding:
		o.trackExecutors(app, &status)
		status.AppState.State = stateCompleted
		o.recorder.Eventf(app, corev1.EventTypeNormal, "SparkApplicationCompleted", "SparkApplication %s completed", name)
	case stateFailing:
		o.trackExecutors(app, &status)
		status.AppState.State = stateFailed
		o.recorder.Eventf(app, corev1.EventTypeWarning, "SparkApplicationFailed", "SparkApplication %s failed: %s", name, status.AppState.ErrorMessage)
	}
	if equality.Semantic.DeepEqual(original, status) {
		return nil
	}
	return o.writeStatus(app, status)
}

// submit does what spark-submit does for the application, and records the outcome.
func (o *operator) submit(app *unstructured.Unstructured, spec *appSpec, status *appStatus) {
	now := metav1.Now()
	sub := submission{id: uuid.NewString(), appID: "spark-" + randomHex(16)}
	sub.prefix = resourceNamePrefix(app.GetName(), sub.appID)
	driver := o.driverPod(app, spec, sub)
	*status = appStatus{
		SubmissionID:              sub.id,
		LastSubmissionAttemptTime: &now,
		SubmissionAttempts:        status.SubmissionAttempts + 1,
		ExecutionAttempts:         status.ExecutionAttempts,
		DriverInfo:                driverInfo{PodName: driver.Name},
	}

	created, err := o.client.CoreV1().Pods(app.GetNamespace()).Create(o.ctx, driver, metav1.CreateOptions{})
	if err != nil {
		message := err.Error()
		var statusErr apierrors.APIStatus
		if errors.As(err, &statusErr) {
			message = statusErr.Status().Message
		}
		status.AppState = appState{State: stateSubmissionFailed, ErrorMessage: fmt.Sprintf(
			"failed to submit spark application: failed to run spark-submit: Exception in thread \"main\" io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: %s/api/v1/namespaces/%s/pods. Message: %s.",
			strings.TrimPrefix(o.masterURL, "k8s://"), app.GetNamespace(), message)}
		o.recorder.Eventf(app, corev1.EventTypeWarning, "SparkApplicationSubmissionFailed", "failed to submit SparkApplication %s: %s", app.GetName(), status.AppState.ErrorMessage)
		klog.InfoS("submission failed", "app", klog.KObj(app), "err", err)
		return
	}
	for _, create := range []func() error{
		func() error { return o.createConfigMap(app, spec, sub, created) },
		func() error { return o.createDriverService(app, sub, created) },
	} {
		if err := create(); err != nil && !apierrors.IsAlreadyExists(err) {
			klog.ErrorS(err, "creating driver resource", "app", klog.KObj(app))
		}
	}
	if svc, err := o.createUIService(app, sub); err != nil {
		klog.ErrorS(err, "creating web UI service", "app", klog.KObj(app))
	} else {
		status.DriverInfo.WebUIServiceName = svc.Name
		status.DriverInfo.WebUIPort = sparkUIPort
		status.DriverInfo.WebUIAddress = fmt.Sprintf("%s:%d", svc.Spec.ClusterIP, sparkUIPort)
	}
	status.SparkApplicationID = sub.appID
	status.AppState = appState{State: stateSubmitted}
	status.ExecutionAttempts++
	o.recorder.Eventf(app, corev1.EventTypeNormal, "SparkApplicationSubmitted", "SparkApplication %s was submitted successfully", app.GetName())
	klog.InfoS("submitted", "app", klog.KObj(app), "driver", driver.Name, "sparkApplicationId", sub.appID)
}

// submission identifies one run of an application.
type submission struct {
	id     string // sparkoperator.k8s.io/submission-id
	appID  string // Spark application ID, spark-app-selector
	prefix string // Spark's resource name prefix: executor pods, driver service
}

// resourceNamePrefix is Spark's "<app>-<hex>" prefix, short enough for the
// "-exec-<n>" and "-driver-svc" suffixes to fit in a DNS label.
func resourceNamePrefix(appName, appID string) string {
	return sparkAppNameLabel(appName, 35) + "-" + strings.TrimPrefix(appID, "spark-")[:16]
}

// dnsLabelName is the operator's "<name>-<suffix>", hashed down to 63 characters when longer.
func dnsLabelName(name, suffix string) string {
	preferred := name + "-" + suffix
	if len(preferred) <= 63 {
		return preferred
	}
	sum := sha256.Sum256([]byte(preferred))
	return name[:63-len(suffix)-10] + "-" + hex.EncodeToString(sum[:])[:8] + "-" + suffix
}

func (o *operator) labels(app *unstructured.Unstructured, spec *appSpec, sub submission, role string, extra map[string]string) map[string]string {
	l := map[string]string{}
	for k, v := range extra {
		l[k] = v
	}
	l[labelSparkAppSelector] = sub.appID
	l[labelSparkRole] = role
	l[labelSparkVersion] = spec.SparkVersion
	l[labelSparkAppName] = sparkAppNameLabel(app.GetName(), 63)
	l[labelAppName] = app.GetName()
	l[labelLaunchedBy] = "true"
	l[labelSubmissionID] = sub.id
	return l
}

// sparkProperties is the configuration spark-submit hands the driver.
func (o *operator) sparkProperties(app *unstructured.Unstructured, spec *appSpec, sub submission, driverPod string) map[string]string {
	p := map[string]string{}
	for k, v := range spec.SparkConf {
		p[k] = v
	}
	ns := app.GetNamespace()
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set("spark.app.name", app.GetName())
	set("spark.app.submitTime", strconv.FormatInt(time.Now().UnixMilli(), 10))
	set("spark.master", o.masterURL)
	set("spark.submit.deployMode", "cluster")
	set("spark.kubernetes.namespace", ns)
	set("spark.kubernetes.driver.pod.name", driverPod)
	set("spark.kubernetes.executor.podNamePrefix", sub.prefix)
	set("spark.kubernetes.container.image", spec.Image)
	set("spark.kubernetes.driver.container.image", spec.Driver.Image)
	set("spark.kubernetes.executor.container.image", spec.Executor.Image)
	set("spark.kubernetes.authenticate.driver.serviceAccountName", spec.Driver.ServiceAccount)
	set("spark.kubernetes.submitInDriver", "true")
	set("spark.kubernetes.submission.waitAppCompletion", "false")
	set("spark.driver.host", fmt.Sprintf("%s-driver-svc.%s.svc", sub.prefix, ns))
	set("spark.driver.port", strconv.Itoa(driverRPCPort))
	set("spark.driver.blockManager.port", strconv.Itoa(blockManagerPort))
	set("spark.driver.memory", spec.Driver.Memory)
	set("spark.executor.memory", spec.Executor.Memory)
	if spec.Driver.Cores != nil {
		set("spark.driver.cores", strconv.Itoa(int(*spec.Driver.Cores)))
	}
	if spec.Executor.Cores != nil {
		set("spark.executor.cores", strconv.Itoa(int(*spec.Executor.Cores)))
	}
	set("spark.executor.instances", strconv.Itoa(int(executorInstances(spec))))
	if isPython(spec) {
		set("spark.kubernetes.resource.type", "python")
	} else {
		set("spark.kubernetes.resource.type", "java")
		set("spark.jars", spec.MainApplicationFile)
	}
	for _, k := range []string{labelAppName, labelLaunchedBy, labelSubmissionID} {
		v := map[string]string{labelAppName: app.GetName(), labelLaunchedBy: "true", labelSubmissionID: sub.id}[k]
		set("spark.kubernetes.driver.label."+k, v)
		set("spark.kubernetes.executor.label."+k, v)
	}
	if app.GetAnnotations()[outcomeAnnotation] == "failed" {
		set(outcomeConfKey, "failed")
	}
	if seconds := app.GetAnnotations()[runSecondsAnnotation]; seconds != "" {
		set(runSecondsConfKey, seconds)
	}
	if lines := app.GetAnnotations()[logLinesAnnotation]; lines != "" {
		set(logLinesConfKey, lines)
	}
	return p
}

func isPython(spec *appSpec) bool { return strings.EqualFold(spec.Type, "Python") }

func executorInstances(spec *appSpec) int32 {
	if spec.Executor.Instances != nil && *spec.Executor.Instances > 0 {
		return *spec.Executor.Instances
	}
	return 1
}

func configMapName(sub submission) string {
	return "spark-drv-" + strings.TrimPrefix(sub.appID, "spark-")[16:] + "-conf-map"
}

func (o *operator) driverPod(app *unstructured.Unstructured, spec *appSpec, sub submission) *corev1.Pod {
	name := spec.Driver.PodName
	if name == "" {
		name = app.GetName() + "-driver"
	}
	mainClass := spec.MainClass
	if isPython(spec) {
		mainClass = "org.apache.spark.deploy.PythonRunner"
	}
	args := append([]string{"driver", "--properties-file", sparkPropertiesFile, "--class", mainClass, spec.MainApplicationFile}, spec.Arguments...)
	localDir := "/var/data/spark-" + uuid.NewString()
	env := append([]corev1.EnvVar{
		{Name: "SPARK_USER", Value: "root"},
		{Name: "SPARK_APPLICATION_ID", Value: sub.appID},
		{Name: "SPARK_DRIVER_BIND_ADDRESS", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
		{Name: "SPARK_LOCAL_DIRS", Value: localDir},
		{Name: "SPARK_CONF_DIR", Value: sparkConfDir},
	}, spec.Driver.Env...)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: app.GetNamespace(),
			Labels:          o.labels(app, spec, sub, sparkRoleDriver, spec.Driver.Labels),
			Annotations:     spec.Driver.Annotations,
			OwnerReferences: []metav1.OwnerReference{appOwner(app)},
		},
		Spec: corev1.PodSpec{
			NodeName:           o.nodeName,
			RestartPolicy:      corev1.RestartPolicyNever,
			ServiceAccountName: spec.Driver.ServiceAccount,
			Containers: []corev1.Container{{
				Name:            driverContainerName,
				Image:           valueOr(spec.Driver.Image, spec.Image),
				ImagePullPolicy: corev1.PullPolicy(valueOr(spec.ImagePullPolicy, string(corev1.PullIfNotPresent))),
				Args:            args,
				Env:             env,
				Ports: []corev1.ContainerPort{
					{Name: "driver-rpc-port", ContainerPort: driverRPCPort, Protocol: corev1.ProtocolTCP},
					{Name: "blockmanager", ContainerPort: blockManagerPort, Protocol: corev1.ProtocolTCP},
					{Name: "spark-ui", ContainerPort: sparkUIPort, Protocol: corev1.ProtocolTCP},
				},
				Resources: podResources(spec.Driver.podSpec, isPython(spec)),
				VolumeMounts: []corev1.VolumeMount{
					{Name: "spark-local-dir-1", MountPath: localDir},
					{Name: "spark-conf-volume-driver", MountPath: sparkConfDir},
				},
			}},
			Volumes: []corev1.Volume{
				{Name: "spark-local-dir-1", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "spark-conf-volume-driver", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
					LocalObjectReference: corev1.LocalObjectReference{Name: configMapName(sub)},
					Items:                []corev1.KeyToPath{{Key: "spark.properties", Path: "spark.properties", Mode: ptr.To[int32](0o420)}},
					DefaultMode:          ptr.To[int32](0o420),
				}}},
			},
		},
	}
}

// podResources is what Spark requests for a driver or executor: the cores, and the
// heap plus overhead (max(384 MiB, 10 %), 40 % for Python) as memory request and limit.
func podResources(s podSpec, python bool) corev1.ResourceRequirements {
	cores := int32(1)
	if s.Cores != nil {
		cores = *s.Cores
	}
	heap := sparkMemoryMiB(valueOr(s.Memory, "1g"))
	factor := 0.1
	if python {
		factor = 0.4
	}
	overhead := max(int64(384), int64(float64(heap)*factor))
	if s.MemoryOverhead != "" {
		overhead = sparkMemoryMiB(s.MemoryOverhead)
	}
	memory := resource.MustParse(fmt.Sprintf("%dMi", heap+overhead))
	r := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: *resource.NewQuantity(int64(cores), resource.DecimalSI), corev1.ResourceMemory: memory},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: memory},
	}
	if q, err := resource.ParseQuantity(s.CoreLimit); err == nil {
		r.Limits[corev1.ResourceCPU] = q
	}
	return r
}

func appOwner(app *unstructured.Unstructured) metav1.OwnerReference {
	return metav1.OwnerReference{
		APIVersion: app.GetAPIVersion(), Kind: app.GetKind(), Name: app.GetName(), UID: app.GetUID(),
		Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
	}
}

func podOwner(pod *corev1.Pod) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: pod.Name, UID: pod.UID, Controller: ptr.To(true)}
}

// resourceLabels are the operator's labels on everything of one submission.
func resourceLabels(app *unstructured.Unstructured, sub submission) map[string]string {
	return map[string]string{labelAppName: app.GetName(), labelSubmissionID: sub.id}
}

func (o *operator) createConfigMap(app *unstructured.Unstructured, spec *appSpec, sub submission, driver *corev1.Pod) error {
	name := configMapName(sub)
	props := formatProperties("Java properties built from Kubernetes config map with name: "+name, o.sparkProperties(app, spec, sub, driver.Name), time.Now())
	_, err := o.client.CoreV1().ConfigMaps(app.GetNamespace()).Create(o.ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: app.GetNamespace(), Labels: resourceLabels(app, sub),
			OwnerReferences: []metav1.OwnerReference{podOwner(driver)},
		},
		Data: map[string]string{"spark.properties": props},
	}, metav1.CreateOptions{})
	return err
}

func (o *operator) createDriverService(app *unstructured.Unstructured, sub submission, driver *corev1.Pod) error {
	_, err := o.client.CoreV1().Services(app.GetNamespace()).Create(o.ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name: sub.prefix + "-driver-svc", Namespace: app.GetNamespace(), Labels: resourceLabels(app, sub),
			OwnerReferences: []metav1.OwnerReference{podOwner(driver)},
		},
		Spec: corev1.ServiceSpec{
			ClusterIP: corev1.ClusterIPNone,
			Selector:  map[string]string{labelSparkAppSelector: sub.appID, labelSparkRole: sparkRoleDriver},
			Ports: []corev1.ServicePort{
				{Name: "driver-rpc-port", Port: driverRPCPort, TargetPort: intstr.FromInt32(driverRPCPort), Protocol: corev1.ProtocolTCP},
				{Name: "blockmanager", Port: blockManagerPort, TargetPort: intstr.FromInt32(blockManagerPort), Protocol: corev1.ProtocolTCP},
				{Name: "spark-ui", Port: sparkUIPort, TargetPort: intstr.FromInt32(sparkUIPort), Protocol: corev1.ProtocolTCP},
			},
		},
	}, metav1.CreateOptions{})
	return err
}

func (o *operator) createUIService(app *unstructured.Unstructured, sub submission) (*corev1.Service, error) {
	return o.client.CoreV1().Services(app.GetNamespace()).Create(o.ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name: dnsLabelName(app.GetName(), "ui-svc"), Namespace: app.GetNamespace(), Labels: resourceLabels(app, sub),
			OwnerReferences: []metav1.OwnerReference{appOwner(app)},
		},
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeClusterIP,
			Selector: map[string]string{labelAppName: app.GetName(), labelSparkRole: sparkRoleDriver},
			Ports: []corev1.ServicePort{{
				Name: "spark-driver-ui-port", Port: sparkUIPort, TargetPort: intstr.FromInt32(sparkUIPort), Protocol: corev1.ProtocolTCP,
			}},
		},
	}, metav1.CreateOptions{})
}

// trackDriver derives the application state from the driver pod.
func (o *operator) trackDriver(app *unstructured.Unstructured, spec *appSpec, status *appStatus) error {
	driver, err := o.podLister(app.GetNamespace()).Get(status.DriverInfo.PodName)
	if apierrors.IsNotFound(err) {
		if status.AppState.State == stateSubmitted && time.Since(status.LastSubmissionAttemptTime.Time) < driverPodGracePeriod {
			o.queue.AddAfter(app.GetNamespace()+"/"+app.GetName(), time.Second)
			return nil
		}
		now := metav1.Now()
		status.AppState = appState{State: stateFailing, ErrorMessage: "driver pod not found"}
		status.TerminationTime = &now
		return nil
	}
	if err != nil {
		return err
	}

	newState, driverEvent := stateUnknown, ""
	terminated := driverTerminatedState(driver)
	switch {
	case driver.Status.Phase == corev1.PodPending:
		newState, driverEvent = stateSubmitted, "SparkDriverPending"
	case driver.Status.Phase == corev1.PodSucceeded,
		driver.Status.Phase == corev1.PodRunning && terminated != nil && terminated.ExitCode == 0:
		newState, driverEvent = stateSucceeding, "SparkDriverCompleted"
	case driver.Status.Phase == corev1.PodFailed,
		driver.Status.Phase == corev1.PodRunning && terminated != nil:
		newState, driverEvent = stateFailing, "SparkDriverFailed"
	case driver.Status.Phase == corev1.PodRunning:
		newState, driverEvent = stateRunning, "SparkDriverRunning"
	}
	if newState == stateSucceeding || newState == stateFailing {
		if status.TerminationTime == nil {
			now := metav1.Now()
			status.TerminationTime = &now
		}
		if newState == stateFailing {
			if terminated == nil {
				status.AppState.ErrorMessage = "driver container status missing"
			} else if terminated.ExitCode != 0 {
				status.AppState.ErrorMessage = fmt.Sprintf("driver container failed with ExitCode: %d, Reason: %s", terminated.ExitCode, terminated.Reason)
			}
		}
	}
	if newState != status.AppState.State {
		status.AppState.State = newState
		switch driverEvent {
		case "SparkDriverPending":
			o.recorder.Eventf(app, corev1.EventTypeNormal, driverEvent, "Driver %s is pending", driver.Name)
		case "SparkDriverRunning":
			o.recorder.Eventf(app, corev1.EventTypeNormal, driverEvent, "Driver %s is running", driver.Name)
		case "SparkDriverCompleted":
			o.recorder.Eventf(app, corev1.EventTypeNormal, driverEvent, "Driver %s completed", driver.Name)
		case "SparkDriverFailed":
			o.recorder.Eventf(app, corev1.EventTypeWarning, driverEvent, "Driver %s failed", driver.Name)
		default:
			o.recorder.Eventf(app, corev1.EventTypeWarning, "SparkDriverUnknown", "Driver %s in unknown state", driver.Name)
		}
	}
	if newState == stateRunning {
		return o.ensureExecutors(app, spec, status, driver)
	}
	return nil
}

func driverTerminatedState(pod *corev1.Pod) *corev1.ContainerStateTerminated {
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.Name == driverContainerName {
			return cs.State.Terminated
		}
	}
	return nil
}

// ensureExecutors creates the executor pods a running driver asks for.
func (o *operator) ensureExecutors(app *unstructured.Unstructured, spec *appSpec, status *appStatus, driver *corev1.Pod) error {
	sub := submission{id: status.SubmissionID, appID: status.SparkApplicationID}
	sub.prefix = resourceNamePrefix(app.GetName(), sub.appID)
	for n := int32(1); n <= executorInstances(spec); n++ {
		name := fmt.Sprintf("%s-exec-%d", sub.prefix, n)
		if _, err := o.podLister(app.GetNamespace()).Get(name); err == nil {
			continue
		}
		id := strconv.Itoa(int(n))
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Name: name, Namespace: app.GetNamespace(),
				Labels: o.labels(app, spec, sub, sparkRoleExecutor, mergeMaps(spec.Executor.Labels, map[string]string{
					labelSparkExecID: id, labelSparkExecProfile: "0",
				})),
				Annotations:     spec.Executor.Annotations,
				OwnerReferences: []metav1.OwnerReference{podOwner(driver)},
			},
			Spec: corev1.PodSpec{
				NodeName:           o.nodeName,
				RestartPolicy:      corev1.RestartPolicyNever,
				Hostname:           name,
				ServiceAccountName: valueOr(spec.Executor.ServiceAccount, spec.Driver.ServiceAccount),
				Containers: []corev1.Container{{
					Name:            executorContainerName,
					Image:           valueOr(spec.Executor.Image, spec.Image),
					ImagePullPolicy: corev1.PullPolicy(valueOr(spec.ImagePullPolicy, string(corev1.PullIfNotPresent))),
					Args:            []string{"executor"},
					Env: append([]corev1.EnvVar{
						{Name: "SPARK_USER", Value: "root"},
						{Name: "SPARK_DRIVER_URL", Value: fmt.Sprintf("spark://CoarseGrainedScheduler@%s-driver-svc.%s.svc:%d", sub.prefix, app.GetNamespace(), driverRPCPort)},
						{Name: "SPARK_EXECUTOR_CORES", Value: strconv.Itoa(int(ptr.Deref(spec.Executor.Cores, 1)))},
						{Name: "SPARK_EXECUTOR_MEMORY", Value: valueOr(spec.Executor.Memory, "1g")},
						{Name: "SPARK_APPLICATION_ID", Value: sub.appID},
						{Name: "SPARK_CONF_DIR", Value: sparkConfDir},
						{Name: "SPARK_EXECUTOR_ID", Value: id},
						{Name: "SPARK_RESOURCE_PROFILE_ID", Value: "0"},
						{Name: "SPARK_EXECUTOR_POD_IP", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
						{Name: "SPARK_EXECUTOR_POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
					}, spec.Executor.Env...),
					Ports:     []corev1.ContainerPort{{Name: "blockmanager", ContainerPort: blockManagerPort, Protocol: corev1.ProtocolTCP}},
					Resources: podResources(spec.Executor.podSpec, isPython(spec)),
				}},
			},
		}
		_, err := o.client.CoreV1().Pods(app.GetNamespace()).Create(o.ctx, pod, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating executor pod %s: %w", name, err)
		}
	}
	return nil
}

// trackExecutors records the executor pods' states, with an event per change.
func (o *operator) trackExecutors(app *unstructured.Unstructured, status *appStatus) {
	selector := labels.SelectorFromSet(labels.Set{labelAppName: app.GetName(), labelSubmissionID: status.SubmissionID, labelSparkRole: sparkRoleExecutor})
	pods, err := o.podLister(app.GetNamespace()).List(selector)
	if err != nil || status.SubmissionID == "" {
		return
	}
	for _, pod := range pods {
		state := map[corev1.PodPhase]string{
			corev1.PodPending: "PENDING", corev1.PodRunning: "RUNNING", corev1.PodSucceeded: "COMPLETED", corev1.PodFailed: "FAILED",
		}[pod.Status.Phase]
		if state == "" {
			state = "UNKNOWN"
		}
		if status.ExecutorState[pod.Name] == state {
			continue
		}
		if status.ExecutorState == nil {
			status.ExecutorState = map[string]string{}
		}
		status.ExecutorState[pod.Name] = state
		switch state {
		case "PENDING":
			o.recorder.Eventf(app, corev1.EventTypeNormal, "SparkExecutorPending", "Executor %s is pending", pod.Name)
		case "RUNNING":
			o.recorder.Eventf(app, corev1.EventTypeNormal, "SparkExecutorRunning", "Executor %s is running", pod.Name)
		case "COMPLETED":
			o.recorder.Eventf(app, corev1.EventTypeNormal, "SparkExecutorCompleted", "Executor %s completed", pod.Name)
		case "FAILED":
			exitCode, reason := int32(-1), "Unknown (Container not Found)"
			for _, cs := range pod.Status.ContainerStatuses {
				if cs.State.Terminated != nil {
					exitCode, reason = cs.State.Terminated.ExitCode, cs.State.Terminated.Reason
				}
			}
			o.recorder.Eventf(app, corev1.EventTypeWarning, "SparkExecutorFailed", "Executor %s failed with ExitCode: %d, Reason: %s, Pod Message: %s", pod.Name, exitCode, reason, pod.Status.Message)
		default:
			o.recorder.Eventf(app, corev1.EventTypeWarning, "SparkExecutorUnknown", "Executor %s in unknown state", pod.Name)
		}
	}
}

// writeStatus stores the status through the status subresource.
func (o *operator) writeStatus(app *unstructured.Unstructured, status appStatus) error {
	data, err := json.Marshal(status)
	if err != nil {
		return err
	}
	var object map[string]any
	if err := json.Unmarshal(data, &object); err != nil {
		return err
	}
	client := o.dynamic.Resource(sparkApplications).Namespace(app.GetNamespace())
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := client.Get(o.ctx, app.GetName(), metav1.GetOptions{})
		if err != nil {
			return err
		}
		if current.GetUID() != app.GetUID() {
			return nil
		}
		current.Object["status"] = object
		_, err = client.UpdateStatus(o.ctx, current, metav1.UpdateOptions{})
		return err
	})
}

// removeResources deletes the pods, services and config maps of application name whose
// submission is not keep ("" removes all): there is no garbage collector to follow the
// owner references. It returns how many pods were still there.
func (o *operator) removeResources(namespace, name, keep string) (int, error) {
	stale := func(l map[string]string) bool { return l[labelAppName] == name && l[labelSubmissionID] != keep }
	byApp := labels.SelectorFromSet(labels.Set{labelAppName: name})
	pods, err := o.podLister(namespace).List(byApp)
	if err != nil {
		return 0, err
	}
	remaining := 0
	var errs []error
	for _, pod := range pods {
		if !stale(pod.Labels) {
			continue
		}
		remaining++
		if pod.DeletionTimestamp == nil {
			errs = append(errs, ignoreNotFound(o.client.CoreV1().Pods(namespace).Delete(o.ctx, pod.Name, metav1.DeleteOptions{})))
		}
	}
	list := metav1.ListOptions{LabelSelector: byApp.String()}
	services, err := o.client.CoreV1().Services(namespace).List(o.ctx, list)
	if err != nil {
		return remaining, err
	}
	for _, svc := range services.Items {
		if stale(svc.Labels) && len(svc.OwnerReferences) > 0 {
			errs = append(errs, ignoreNotFound(o.client.CoreV1().Services(namespace).Delete(o.ctx, svc.Name, metav1.DeleteOptions{})))
		}
	}
	configMaps, err := o.client.CoreV1().ConfigMaps(namespace).List(o.ctx, list)
	if err != nil {
		return remaining, err
	}
	for _, cm := range configMaps.Items {
		if stale(cm.Labels) && len(cm.OwnerReferences) > 0 {
			errs = append(errs, ignoreNotFound(o.client.CoreV1().ConfigMaps(namespace).Delete(o.ctx, cm.Name, metav1.DeleteOptions{})))
		}
	}
	return remaining, errors.Join(errs...)
}

func ignoreNotFound(err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func fromUnstructured(in any, out any) error {
	if in == nil {
		return nil
	}
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, out)
}

func mergeMaps(a, b map[string]string) map[string]string {
	m := cloneMap(a)
	if m == nil {
		m = map[string]string{}
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
