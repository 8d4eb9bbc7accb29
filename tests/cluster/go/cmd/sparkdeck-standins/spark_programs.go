// Simulated container programs of the kubelet STAND-IN. No JVM runs: these functions
// print what a Spark 3.5 driver and executor print (log4j2 default pattern
// "yy/MM/dd HH:mm:ss LEVEL Logger: message", stdout lines such as "Pi is roughly …",
// Java stack traces) at the pace of a real run, and exit with the code the JVM would.
//
// The driver reads its configuration the way Spark does: the container arguments
// (driver --properties-file … --class <mainClass> <resource> <args>) and the
// spark.properties file from its mounted config map. It waits for its executors to
// register (they rendezvous through the node, standing in for Spark RPC), runs one job
// whose tasks finish progressively over --run-duration, prints the result and stops the
// SparkContext, asking the executors to shut down first. SparkPi (class
// org.apache.spark.examples.SparkPi or a pi.py file) prints a Monte Carlo estimate of
// pi. With spark.sparkdeck.standin.outcome=failed a task fails four times, the job is
// aborted, the driver prints an ERROR and the exception stack trace and exits with 1.
// With spark.sparkdeck.standin.logLines=N the driver prints N more log lines after a
// successful job, as fast as it can (task and block manager lines of a large stage), for
// SparkDeck's log benchmarks.
// Killed containers (pod deletion) run Spark's shutdown hook and exit with 143.
package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// containerEnv is what a container sees: its pod, spec, IP, mounted files and stdout.
type containerEnv struct {
	pod       *corev1.Pod
	container corev1.Container
	podIP     string
	files     map[string]string // mount path → content
	out       *logBuffer
}

const (
	exitKilled = 143 // 128 + SIGTERM
	javaVer    = "17.0.13"
)

// runContainer runs the program for one container and returns its exit code.
func (k *kubelet) runContainer(ctx context.Context, env containerEnv) int32 {
	role := env.pod.Labels[labelSparkRole]
	switch {
	case role == sparkRoleDriver && env.container.Name == driverContainerName:
		return k.runDriver(ctx, env)
	case role == sparkRoleExecutor && env.container.Name == executorContainerName:
		return k.runExecutor(ctx, env)
	default:
		// Any other container behaves like a quiet long-running server.
		<-ctx.Done()
		return exitKilled
	}
}

// sparkLog prints in Spark's default log4j2 layout.
type sparkLog struct{ out *logBuffer }

func (l sparkLog) line(level, logger, format string, args ...any) {
	l.out.print(time.Now().UTC().Format("06/01/02 15:04:05") + " " + level + " " + logger + ": " + fmt.Sprintf(format, args...))
}
func (l sparkLog) info(logger, format string, args ...any)  { l.line("INFO", logger, format, args...) }
func (l sparkLog) warn(logger, format string, args ...any)  { l.line("WARN", logger, format, args...) }
func (l sparkLog) error(logger, format string, args ...any) { l.line("ERROR", logger, format, args...) }

// sparkSession is the rendezvous of one Spark application's driver and executors on
// this node, in place of Spark's RPC. Guarded by kubelet.mu.
type sparkSession struct {
	driverIP  string
	executors []registeredExecutor // in registration order
	alive     int                  // executor programs still running
	changed   chan struct{}        // closed and replaced on every change
	stopped   bool                 // the driver stopped (or died)
	graceful  bool                 // … and asked the executors to shut down
}

type registeredExecutor struct{ id, ip string }

// session returns the rendezvous for an application, creating it on first use.
func (k *kubelet) session(namespace, appID string) *sparkSession {
	k.mu.Lock()
	defer k.mu.Unlock()
	key := namespace + "/" + appID
	if k.spark[key] == nil {
		k.spark[key] = &sparkSession{changed: make(chan struct{})}
	}
	return k.spark[key]
}

// update changes a session under the lock and wakes its waiters.
func (k *kubelet) update(s *sparkSession, change func(*sparkSession)) {
	k.mu.Lock()
	defer k.mu.Unlock()
	change(s)
	close(s.changed)
	s.changed = make(chan struct{})
}

// await blocks until cond holds for the session; false on timeout or cancellation.
func (k *kubelet) await(ctx context.Context, s *sparkSession, timeout time.Duration, cond func(*sparkSession) bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		k.mu.Lock()
		ok, changed := cond(s), s.changed
		k.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// sparkProgram is what the simulated driver knows about the user program.
type sparkProgram struct {
	appName  string // the name the program gives its SparkContext
	mainFile string // source file named in call sites and stack frames
	callSite string // the action that runs the job
	rddSite  string // the RDD the job computes
	tasks    int
	result   func() string // line printed on stdout at the end; nil for none
	python   bool
	frame    string // innermost user frame of a task's stack trace
}

func describeProgram(mainClass, resource string, args []string, props map[string]string) sparkProgram {
	firstArg := func(def int) int {
		if len(args) > 0 {
			if n, err := strconv.Atoi(args[0]); err == nil && n > 0 {
				return n
			}
		}
		return def
	}
	switch {
	case mainClass == "org.apache.spark.examples.SparkPi":
		slices := firstArg(2)
		n := min(100000*int64(slices), math.MaxInt32)
		return sparkProgram{
			appName: "Spark Pi", mainFile: "SparkPi.scala",
			callSite: "reduce at SparkPi.scala:38", rddSite: "MapPartitionsRDD[1] at map at SparkPi.scala:34",
			tasks: slices,
			result: func() string {
				return "Pi is roughly " + strconv.FormatFloat(4*monteCarloHits(n)/float64(n-1), 'f', -1, 64)
			},
			frame: "org.apache.spark.examples.SparkPi$.$anonfun$main$1(SparkPi.scala:35)",
		}
	case path.Base(resource) == "pi.py":
		partitions := firstArg(2)
		n := 100000 * int64(partitions)
		file := strings.TrimPrefix(resource, "local://")
		return sparkProgram{
			appName: "PythonPi", mainFile: file, python: true,
			callSite: "reduce at " + file + ":42", rddSite: "PythonRDD[1] at reduce at " + file + ":42",
			tasks:  partitions,
			result: func() string { return fmt.Sprintf("Pi is roughly %f", 4*monteCarloHits(n)/float64(n)) },
			frame:  "org.apache.spark.api.python.BasePythonRunner$ReaderIterator.handlePythonException(PythonRunner.scala:572)",
		}
	default:
		name := props["spark.app.name"]
		if props["spark.kubernetes.resource.type"] == "python" {
			file := strings.TrimPrefix(resource, "local://")
			return sparkProgram{
				appName: name, mainFile: file, python: true,
				callSite: "collect at " + file + ":42", rddSite: "PythonRDD[1] at collect at " + file + ":42",
				tasks: 8, frame: "org.apache.spark.api.python.BasePythonRunner$ReaderIterator.handlePythonException(PythonRunner.scala:572)",
			}
		}
		simple := mainClass[strings.LastIndex(mainClass, ".")+1:]
		return sparkProgram{
			appName: name, mainFile: simple + ".scala",
			callSite: "collect at " + simple + ".scala:42", rddSite: "MapPartitionsRDD[1] at map at " + simple + ".scala:40",
			tasks: 8, frame: mainClass + "$.$anonfun$main$1(" + simple + ".scala:40)",
		}
	}
}

// monteCarloHits returns how many of n random points land in the quarter circle: a
// binomial draw, approximated by the normal distribution.
func monteCarloHits(n int64) float64 {
	p := math.Pi / 4
	return math.Round(float64(n)*p + rand.NormFloat64()*math.Sqrt(float64(n)*p*(1-p)))
}

// driverRun is one simulated Spark driver.
type driverRun struct {
	k         *kubelet
	ctx       context.Context
	env       containerEnv
	log       sparkLog
	session   *sparkSession
	props     map[string]string
	prog      sparkProgram
	host      string             // the driver's service host name
	announced int                // executors already logged as registered
	lostOn    registeredExecutor // where the failing task ran
}

// runDuration is how long this driver's job runs: the application's runSecondsConfKey when set,
// else the kubelet's --run-duration.
func (d *driverRun) runDuration() time.Duration {
	if s, err := strconv.ParseFloat(d.props[runSecondsConfKey], 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	return d.k.runDuration
}

func (k *kubelet) runDriver(ctx context.Context, env containerEnv) int32 {
	mainClass, resource, args := parseDriverArgs(env.container.Args)
	props := parseProperties(env.files[sparkPropertiesFile])
	d := &driverRun{
		k: k, ctx: ctx, env: env, log: sparkLog{env.out}, props: props,
		prog:    describeProgram(mainClass, resource, args, props),
		session: k.session(env.pod.Namespace, env.pod.Labels[labelSparkAppSelector]),
		host:    props["spark.driver.host"],
	}
	k.update(d.session, func(s *sparkSession) { s.driverIP = env.podIP })

	command := append([]string{"+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit",
		"--conf spark.driver.bindAddress=" + env.podIP, "--deploy-mode client",
		"--properties-file " + sparkPropertiesFile, "--class " + mainClass, resource}, args...)
	env.out.print(strings.Join(command, " "))
	if !d.startUp() {
		return d.killed()
	}
	ok, failedTask := d.runJob()
	if !ok || (failedTask < 0 && !d.printBulkLog()) {
		return d.killed()
	}
	if failedTask >= 0 {
		d.printFailure(failedTask)
		d.log.info("SparkContext", "Invoking stop() from shutdown hook")
		if !d.stop() {
			return d.killed()
		}
		return 1
	}
	if d.prog.result != nil {
		env.out.print(d.prog.result())
	}
	if !d.stop() {
		return d.killed()
	}
	return 0
}

// parseDriverArgs reads the driver container's arguments as Spark's entrypoint does.
func parseDriverArgs(args []string) (mainClass, resource string, appArgs []string) {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "driver":
		case a == "--class" && i+1 < len(args):
			mainClass = args[i+1]
			i++
		case strings.HasPrefix(a, "--") && i+1 < len(args):
			i++
		default:
			return mainClass, a, args[i+1:]
		}
	}
	return mainClass, "", nil
}

// pace sleeps for the given share of the run duration divided into steps.
func (d *driverRun) pace(share float64, steps int) bool {
	return sleepCtx(d.ctx, time.Duration(float64(d.runDuration())*share/float64(max(steps, 1))))
}

func (d *driverRun) startUp() bool {
	l, p, pod := d.log, d.props, d.env.pod
	lines := []func(){
		func() { l.info("SparkContext", "Running Spark version %s", pod.Labels[labelSparkVersion]) },
		func() { l.info("SparkContext", "OS info Linux, %s, amd64", kernelVersion()) },
		func() { l.info("SparkContext", "Java version %s", javaVer) },
		func() {
			l.info("ResourceUtils", "==============================================================")
			l.info("ResourceUtils", "No custom resources configured for spark.driver.")
			l.info("ResourceUtils", "==============================================================")
		},
		func() { l.info("SparkContext", "Submitted application: %s", d.prog.appName) },
		func() {
			l.info("ResourceProfile", "Default ResourceProfile created, executor resources: Map(cores -> name: cores, amount: %s, script: , vendor: , memory -> name: memory, amount: %d, script: , vendor: , offHeap -> name: offHeap, amount: 0, script: , vendor: ), task resources: Map(cpus -> name: cpus, amount: 1.0)",
				valueOr(p["spark.executor.cores"], "1"), sparkMemoryMiB(valueOr(p["spark.executor.memory"], "1g")))
		},
		func() {
			l.info("SecurityManager", "Changing view acls to: spark")
			l.info("SecurityManager", "SecurityManager: authentication disabled; ui acls disabled; users with view permissions: spark; groups with view permissions: EMPTY")
		},
		func() { l.info("Utils", "Successfully started service 'sparkDriver' on port %d.", driverRPCPort) },
		func() {
			l.info("SparkEnv", "Registering MapOutputTracker")
			l.info("SparkEnv", "Registering BlockManagerMaster")
			l.info("DiskBlockManager", "Created local directory at /var/data/spark-%s/blockmgr-%s", uuidLike(), uuidLike())
			l.info("MemoryStore", "MemoryStore started with capacity 413.9 MiB")
		},
		func() { l.info("Utils", "Successfully started service 'SparkUI' on port %d.", sparkUIPort) },
		func() {
			if jar := p["spark.jars"]; jar != "" {
				l.info("SparkContext", "Added JAR %s at file:%s with timestamp %d", jar, strings.TrimPrefix(jar, "local://"), time.Now().UnixMilli())
			}
		},
		func() {
			l.info("SparkKubernetesClientFactory", "Auto-configuring K8S client using current context from users K8S config file")
			n := valueOr(p["spark.executor.instances"], "1")
			l.info("ExecutorPodsAllocator", "Going to request %s executors from Kubernetes for ResourceProfile Id: 0, target: %s, known: 0, sharedSlotFromPendingPods: 2147483647.", n, n)
		},
		func() {
			l.info("Utils", "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port %d.", blockManagerPort)
			l.info("NettyBlockTransferService", "Server created on %s %s:%d", d.host, d.env.podIP, blockManagerPort)
			l.info("BlockManagerMasterEndpoint", "Registering block manager %s:%d with 413.9 MiB RAM, BlockManagerId(driver, %s, %d, None)", d.host, blockManagerPort, d.host, blockManagerPort)
			l.info("BlockManager", "Initialized BlockManager: BlockManagerId(driver, %s, %d, None)", d.host, blockManagerPort)
		},
	}
	for _, print := range lines {
		print()
		if !d.pace(0.15, len(lines)) {
			return false
		}
	}
	// Like Spark's minRegisteredResourcesRatio (0.8), wait for most executors, at most 30 s.
	want, _ := strconv.Atoi(valueOr(p["spark.executor.instances"], "1"))
	need := int(math.Ceil(0.8 * float64(max(want, 1))))
	ready := d.k.await(d.ctx, d.session, 30*time.Second, func(s *sparkSession) bool { return len(s.executors) >= need })
	if d.ctx.Err() != nil {
		return false
	}
	d.announceExecutors()
	if ready {
		l.info("KubernetesClusterSchedulerBackend", "SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8")
	} else {
		l.info("KubernetesClusterSchedulerBackend", "SchedulerBackend is ready for scheduling beginning after waiting maxRegisteredResourcesWaitingTime: 30000000000(ns)")
	}
	return true
}

// announceExecutors logs executors that registered since the last call.
func (d *driverRun) announceExecutors() []registeredExecutor {
	d.k.mu.Lock()
	all := append([]registeredExecutor(nil), d.session.executors...)
	d.k.mu.Unlock()
	for _, e := range all[d.announced:] {
		d.log.info("KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint", "Registered executor NettyRpcEndpointRef(spark-client://Executor) (%s:%d) with ID %s,  ResourceProfileId 0", e.ip, 40000+rand.IntN(20000), e.id)
		d.log.info("BlockManagerMasterEndpoint", "Registering block manager %s:%d with 413.9 MiB RAM, BlockManagerId(%s, %s, %d, None)", e.ip, blockManagerPort, e.id, e.ip, blockManagerPort)
	}
	d.announced = len(all)
	return all
}

// runJob runs the program's single job. ok is false if the driver was killed;
// failedTask is the task that failed for good, or -1.
func (d *driverRun) runJob() (ok bool, failedTask int) {
	l, prog := d.log, d.prog
	started := time.Now()
	l.info("SparkContext", "Starting job: %s", prog.callSite)
	l.info("DAGScheduler", "Got job 0 (%s) with %d output partitions", prog.callSite, prog.tasks)
	l.info("DAGScheduler", "Final stage: ResultStage 0 (%s)", prog.callSite)
	l.info("DAGScheduler", "Parents of final stage: List()")
	l.info("DAGScheduler", "Missing parents: List()")
	l.info("DAGScheduler", "Submitting ResultStage 0 (%s), which has no missing parents", prog.rddSite)
	l.info("MemoryStore", "Block broadcast_0 stored as values in memory (estimated size 4.0 KiB, free 413.9 MiB)")
	l.info("SparkContext", "Created broadcast 0 from broadcast at DAGScheduler.scala:1585")
	l.info("DAGScheduler", "Submitting %d missing tasks from ResultStage 0 (%s) (first 15 tasks are for partitions %s)", prog.tasks, prog.rddSite, firstPartitions(prog.tasks))
	l.info("TaskSchedulerImpl", "Adding task set 0.0 with %d tasks resource profile 0", prog.tasks)

	// Without any executor no task can start; Spark keeps warning every 15 s.
	for !d.k.await(d.ctx, d.session, 15*time.Second, func(s *sparkSession) bool { return len(s.executors) > 0 }) {
		if d.ctx.Err() != nil {
			return false, -1
		}
		l.warn("TaskSchedulerImpl", "Initial job has not accepted any resources; check your cluster UI to ensure that workers are registered and have sufficient resources")
	}

	fail := d.props[outcomeConfKey] == "failed"
	steps := min(prog.tasks, 20)
	done := 0
	for step := range steps {
		if !d.pace(0.7, steps) {
			return false, -1
		}
		executors := d.announceExecutors()
		e := executors[step%len(executors)]
		if fail && step == steps/2 {
			d.loseTask(done, e)
			return true, done
		}
		next := prog.tasks * (step + 1) / steps
		for ; done < next; done++ {
			if done == next-1 || done < 2 {
				l.info("TaskSetManager", "Starting task %d.0 in stage 0.0 (TID %d) (%s, executor %s, partition %d, PROCESS_LOCAL, 8929 bytes) ", done, done, e.ip, e.id, done)
				l.info("TaskSetManager", "Finished task %d.0 in stage 0.0 (TID %d) in %d ms on %s (executor %s) (%d/%d)", done, done, 80+rand.IntN(700), e.ip, e.id, done+1, prog.tasks)
			}
		}
	}
	took := time.Since(started).Seconds()
	l.info("TaskSchedulerImpl", "Removed TaskSet 0.0, whose tasks have all completed, from pool ")
	l.info("DAGScheduler", "ResultStage 0 (%s) finished in %.3f s", prog.callSite, took)
	l.info("DAGScheduler", "Job 0 is finished. Cancelling potential speculative or zombie tasks for this job")
	l.info("TaskSchedulerImpl", "Killing all running tasks in stage 0: Stage finished")
	l.info("DAGScheduler", "Job 0 finished: %s, took %.6f s", prog.callSite, took)
	return true, -1
}

// printBulkLog prints the number of lines logLinesConfKey asks for (none when unset), in
// batches of 10,000 that share a timestamp, like the chatter of a stage with many tasks:
// tasks starting and finishing on the executors and cached blocks being added, with a
// WARN now and then. It returns false if the driver was killed meanwhile.
func (d *driverRun) printBulkLog() bool {
	total, err := strconv.Atoi(d.props[logLinesConfKey])
	if err != nil || total <= 0 {
		return true
	}
	executors := d.announceExecutors()
	if len(executors) == 0 {
		executors = []registeredExecutor{{id: "driver", ip: d.env.podIP}}
	}
	const batch = 10000
	const tasks = 100000
	var b strings.Builder
	for done := 0; done < total; {
		if d.ctx.Err() != nil {
			return false
		}
		b.Reset()
		stamp := time.Now().UTC().Format("06/01/02 15:04:05")
		for n := min(batch, total-done); n > 0; n, done = n-1, done+1 {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			task, e := done/3, executors[(done/3)%len(executors)]
			switch {
			case done%10000 == 9999:
				fmt.Fprintf(&b, "%s WARN BlockManager: Block rdd_2_%d already exists on this machine; not re-adding it", stamp, task%tasks)
			case done%3 == 0:
				fmt.Fprintf(&b, "%s INFO TaskSetManager: Starting task %d.0 in stage 1.0 (TID %d) (%s, executor %s, partition %d, PROCESS_LOCAL, 8929 bytes) ", stamp, task%tasks, task, e.ip, e.id, task%tasks)
			case done%3 == 1:
				fmt.Fprintf(&b, "%s INFO BlockManagerInfo: Added rdd_2_%d in memory on %s:%d (size: %d.%d KiB, free: 413.%d MiB)", stamp, task%tasks, e.ip, blockManagerPort, 1+task%97, task%10, 9-task%10)
			default:
				fmt.Fprintf(&b, "%s INFO TaskSetManager: Finished task %d.0 in stage 1.0 (TID %d) in %d ms on %s (executor %s) (%d/%d)", stamp, task%tasks, task, 20+task%180, e.ip, e.id, task%tasks+1, tasks)
			}
		}
		d.env.out.print(b.String())
	}
	return true
}

func firstPartitions(tasks int) string {
	parts := make([]string, min(tasks, 15))
	for i := range parts {
		parts[i] = strconv.Itoa(i)
	}
	return "Vector(" + strings.Join(parts, ", ") + ")"
}

// simulatedError is the exception the failing task throws; it says where it comes from.
func simulatedError() string {
	return "java.lang.IllegalStateException: simulated task failure (SparkDeck stand-in, annotation " + outcomeAnnotation + "=failed)"
}

// loseTask logs a task failing on all four attempts, as the TaskSetManager does.
func (d *driverRun) loseTask(task int, e registeredExecutor) {
	l := d.log
	d.lostOn = e
	for attempt := range 4 {
		tid := task + attempt*2
		l.info("TaskSetManager", "Starting task %d.%d in stage 0.0 (TID %d) (%s, executor %s, partition %d, PROCESS_LOCAL, 8929 bytes) ", task, attempt, tid, e.ip, e.id, task)
		if attempt == 0 {
			l.warn("TaskSetManager", "Lost task %d.0 in stage 0.0 (TID %d) (%s executor %s): %s\n%s", task, tid, e.ip, e.id, simulatedError(), d.taskFrames())
		} else {
			l.info("TaskSetManager", "Lost task %d.%d in stage 0.0 (TID %d) on %s, executor %s: java.lang.IllegalStateException (simulated task failure) [duplicate %d]", task, attempt, tid, e.ip, e.id, attempt)
		}
	}
	l.error("TaskSetManager", "Task %d in stage 0.0 failed 4 times; aborting job", task)
	l.info("TaskSchedulerImpl", "Removed TaskSet 0.0, whose tasks have all completed, from pool ")
	l.info("TaskSchedulerImpl", "Cancelling stage 0")
	l.info("TaskSchedulerImpl", "Killing all running tasks in stage 0: Stage cancelled: %s", d.abortMessage(task, e))
	l.info("DAGScheduler", "ResultStage 0 (%s) failed in %.3f s due to %s", d.prog.callSite, d.runDuration().Seconds()/2, d.abortMessage(task, e))
	l.info("DAGScheduler", "Job 0 failed: %s, took %.6f s", d.prog.callSite, d.runDuration().Seconds()/2)
}

func (d *driverRun) abortMessage(task int, e registeredExecutor) string {
	return fmt.Sprintf("Job aborted due to stage failure: Task %d in stage 0.0 failed 4 times, most recent failure: Lost task %d.3 in stage 0.0 (TID %d) (%s executor %s): %s",
		task, task, task+6, e.ip, e.id, simulatedError())
}

func (d *driverRun) taskFrames() string {
	return strings.Join([]string{
		"\tat " + d.prog.frame,
		"\tat scala.collection.Iterator$$anon$10.next(Iterator.scala:461)",
		"\tat scala.collection.TraversableOnce.reduceLeft(TraversableOnce.scala:190)",
		"\tat org.apache.spark.SparkContext.$anonfun$runJob$6(SparkContext.scala:2487)",
		"\tat org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)",
		"\tat org.apache.spark.scheduler.Task.run(Task.scala:141)",
		"\tat org.apache.spark.executor.Executor$TaskRunner.$anonfun$run$4(Executor.scala:620)",
		"\tat org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:623)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
		"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
		"\tat java.base/java.lang.Thread.run(Thread.java:840)",
	}, "\n")
}

// printFailure prints the uncaught exception that ends the driver's main thread.
func (d *driverRun) printFailure(task int) {
	abort := d.abortMessage(task, d.lostOn)
	var b strings.Builder
	if d.prog.python {
		fmt.Fprintf(&b, "Traceback (most recent call last):\n  File \"%s\", line 42, in <module>\n", d.prog.mainFile)
		b.WriteString("  File \"/opt/spark/python/lib/pyspark.zip/pyspark/rdd.py\", line 1833, in reduce\n")
		b.WriteString("  File \"/opt/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/protocol.py\", line 326, in get_return_value\n")
		b.WriteString("py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe.\n")
		b.WriteString(": org.apache.spark.SparkException: " + abort + "\n")
	} else {
		b.WriteString("Exception in thread \"main\" org.apache.spark.SparkException: " + abort + "\n")
	}
	b.WriteString(d.taskFrames() + "\n\nDriver stacktrace:\n")
	b.WriteString(strings.Join([]string{
		"\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)",
		"\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2792)",
		"\tat org.apache.spark.scheduler.DAGScheduler.abortStage(DAGScheduler.scala:2791)",
		"\tat org.apache.spark.scheduler.DAGScheduler.handleTaskSetFailed(DAGScheduler.scala:1247)",
		"\tat org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.onReceive(DAGScheduler.scala:3048)",
		"\tat org.apache.spark.util.EventLoop$$anon$1.run(EventLoop.scala:49)",
		"\tat org.apache.spark.SparkContext.runJob(SparkContext.scala:2488)",
		"\tat org.apache.spark.rdd.RDD.$anonfun$reduce$1(RDD.scala:1121)",
		"\tat org.apache.spark.deploy.SparkSubmit.doRunMain$1(SparkSubmit.scala:194)",
		"\tat org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)",
		"Caused by: " + simulatedError(),
		"\tat " + d.prog.frame,
		"\t... 3 more",
	}, "\n"))
	d.env.out.print(b.String())
}

// stop stops the SparkContext: the executors are asked to shut down first, then the
// driver's services. It returns false if the driver was killed meanwhile.
func (d *driverRun) stop() bool {
	l := d.log
	l.info("SparkContext", "SparkContext is stopping with exitCode 0.")
	l.info("SparkUI", "Stopped Spark web UI at http://%s:%d", d.host, sparkUIPort)
	l.info("KubernetesClusterSchedulerBackend", "Shutting down all executors")
	l.info("KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint", "Asking each executor to shut down")
	d.k.update(d.session, func(s *sparkSession) { s.stopped, s.graceful = true, true })
	d.k.await(d.ctx, d.session, 5*time.Second, func(s *sparkSession) bool { return s.alive == 0 })
	lines := []func(){
		func() { l.warn("ExecutorPodsWatchSnapshotSource", "Kubernetes client has been closed.") },
		func() { l.info("MapOutputTrackerMasterEndpoint", "MapOutputTrackerMasterEndpoint stopped!") },
		func() { l.info("MemoryStore", "MemoryStore cleared") },
		func() { l.info("BlockManager", "BlockManager stopped") },
		func() { l.info("BlockManagerMaster", "BlockManagerMaster stopped") },
		func() {
			l.info("OutputCommitCoordinator$OutputCommitCoordinatorEndpoint", "OutputCommitCoordinator stopped!")
		},
	}
	for _, print := range lines {
		if !d.pace(0.15, len(lines)) {
			return false
		}
		print()
	}
	l.info("SparkContext", "Successfully stopped SparkContext")
	return true
}

// killed runs Spark's shutdown hook after SIGTERM; executors lose their driver.
func (d *driverRun) killed() int32 {
	l := d.log
	l.info("SparkContext", "Invoking stop() from shutdown hook")
	l.info("SparkContext", "SparkContext is stopping with exitCode 0.")
	l.info("SparkUI", "Stopped Spark web UI at http://%s:%d", d.host, sparkUIPort)
	d.k.update(d.session, func(s *sparkSession) { s.stopped = true })
	l.info("SparkContext", "Successfully stopped SparkContext")
	l.info("ShutdownHookManager", "Shutdown hook called")
	return exitKilled
}

// runExecutor is a simulated executor: it registers with its driver, reports tasks
// while the job runs and exits when the driver tells it to (0) or goes away (1).
func (k *kubelet) runExecutor(ctx context.Context, env containerEnv) int32 {
	l := sparkLog{env.out}
	pod := env.pod
	id := pod.Labels[labelSparkExecID]
	driverURL := envValue(env.container, "SPARK_DRIVER_URL")
	driverHost := strings.TrimSuffix(strings.TrimPrefix(driverURL, "spark://CoarseGrainedScheduler@"), fmt.Sprintf(":%d", driverRPCPort))
	s := k.session(pod.Namespace, pod.Labels[labelSparkAppSelector])

	env.out.print(fmt.Sprintf("+ exec /usr/bin/tini -s -- /opt/java/openjdk/bin/java -Dspark.driver.port=%d -Xms1024m -Xmx1024m -cp '/opt/spark/conf::/opt/spark/jars/*:' org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend --driver-url %s --executor-id %s --cores %s --app-id %s --hostname %s --resourceProfileId 0 --podName %s",
		driverRPCPort, driverURL, id, valueOr(envValue(env.container, "SPARK_EXECUTOR_CORES"), "1"), pod.Labels[labelSparkAppSelector], env.podIP, pod.Name))
	l.info("KubernetesExecutorBackend", "Started daemon with process name: 15@%s", pod.Name)
	for _, signal := range []string{"TERM", "HUP", "INT"} {
		l.info("SignalUtils", "Registering signal handler for %s", signal)
	}
	if !sleepCtx(ctx, 300*time.Millisecond) {
		l.error("KubernetesExecutorBackend", "RECEIVED SIGNAL TERM")
		return exitKilled
	}

	var driverIP string
	connected := k.await(ctx, s, 30*time.Second, func(s *sparkSession) bool { driverIP = s.driverIP; return driverIP != "" && !s.stopped })
	if !connected {
		if ctx.Err() != nil {
			return exitKilled
		}
		l.error("KubernetesExecutorBackend", "Executor self-exiting due to : Unable to create executor due to Failed to connect to %s:%d", driverHost, driverRPCPort)
		return 1
	}
	k.update(s, func(s *sparkSession) {
		s.executors = append(s.executors, registeredExecutor{id: id, ip: env.podIP})
		s.alive++
	})
	defer k.update(s, func(s *sparkSession) { s.alive-- })
	l.info("TransportClientFactory", "Successfully created connection to %s/%s:%d after %d ms (0 ms spent in bootstraps)", driverHost, driverIP, driverRPCPort, 60+rand.IntN(90))
	l.info("KubernetesExecutorBackend", "Successfully registered with driver")
	l.info("Executor", "Starting executor ID %s on host %s", id, env.podIP)
	l.info("Executor", "OS info Linux, %s, amd64", kernelVersion())
	l.info("Executor", "Java version %s", javaVer)
	l.info("Utils", "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port %d.", blockManagerPort)
	l.info("BlockManager", "Initialized BlockManager: BlockManagerId(%s, %s, %d, None)", id, env.podIP, blockManagerPort)

	// Report a task now and then until the driver stops.
	for task := 0; ; task++ {
		var graceful bool
		stopped := k.await(ctx, s, k.runDuration/4, func(s *sparkSession) bool { graceful = s.graceful; return s.stopped })
		switch {
		case ctx.Err() != nil:
			l.error("KubernetesExecutorBackend", "RECEIVED SIGNAL TERM")
			l.info("ShutdownHookManager", "Shutdown hook called")
			return exitKilled
		case stopped && graceful:
			l.info("KubernetesExecutorBackend", "Driver commanded a shutdown")
			l.info("MemoryStore", "MemoryStore cleared")
			l.info("BlockManager", "BlockManager stopped")
			l.info("ShutdownHookManager", "Shutdown hook called")
			return 0
		case stopped:
			l.error("KubernetesExecutorBackend", "Executor self-exiting due to : Driver %s:%d disassociated! Shutting down.", driverHost, driverRPCPort)
			l.info("ShutdownHookManager", "Shutdown hook called")
			return 1
		}
		l.info("KubernetesExecutorBackend", "Got assigned task %d", task)
		l.info("Executor", "Running task %d.0 in stage 0.0 (TID %d)", task, task)
		l.info("Executor", "Finished task %d.0 in stage 0.0 (TID %d). 1012 bytes result sent to driver", task, task)
	}
}

func envValue(c corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

func valueOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func uuidLike() string {
	h := randomHex(16)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
