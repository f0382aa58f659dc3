package main

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"time"
)

// clockTicks is USER_HZ, the unit of CPU times in /proc/<pid>/stat: 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// rssSampler follows the provider processes that one Terraform process
// starts, by reading /proc, and keeps the largest high-water mark (VmHWM)
// and the CPU time each of them reported. Terraform starts the provider as
// its own child, with the binary named in the CLI configuration; nothing
// wraps it.
type rssSampler struct {
	parent int
	exe    string

	mu        sync.Mutex
	providers map[int]*procSample
	parentHWM int64
	// others are processes that are not the parent's children: they never
	// become one. Children that are not (yet) the provider are looked at
	// again, as a fork shows the parent's executable until it execs.
	others map[int]bool
}

// procSample is the last sample of one provider process.
type procSample struct {
	hwm      int64 // bytes
	cpuTicks int64 // user and system time, in clockTicks
}

func newRSSSampler(parent int, exe string) *rssSampler {
	return &rssSampler{parent: parent, exe: exe, providers: map[int]*procSample{}, others: map[int]bool{}}
}

// run samples every interval until stop is closed, then once more.
func (s *rssSampler) run(interval time.Duration, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

func (s *rssSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if hwm, ok := readHWM(s.parent); ok {
		s.parentHWM = max(s.parentHWM, hwm)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == s.parent || s.others[pid] {
			continue
		}
		p, known := s.providers[pid]
		if !known {
			if st, ok := readStat(pid); !ok || st.ppid != s.parent {
				if ok {
					s.others[pid] = true
				}
				continue
			}
			if exe, err := os.Readlink("/proc/" + e.Name() + "/exe"); err != nil || exe != s.exe {
				continue
			}
			p = &procSample{}
			s.providers[pid] = p
		}
		if hwm, ok := readHWM(pid); ok {
			p.hwm = max(p.hwm, hwm)
		}
		if st, ok := readStat(pid); ok {
			p.cpuTicks = max(p.cpuTicks, st.cpuTicks)
		}
	}
}

// killLeftovers kills the provider processes of an interrupted command
// that are still running: Terraform may not have stopped them when it was
// killed itself.
func (s *rssSampler) killLeftovers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pid := range s.providers {
		if exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe"); err == nil && exe == s.exe {
			if p, err := os.FindProcess(pid); err == nil {
				_ = p.Kill()
			}
		}
	}
}

// samplerResult is what a sampler saw of one Terraform command.
type samplerResult struct {
	// ProviderPeakRSS is the largest high-water mark of any provider
	// process, in bytes.
	ProviderPeakRSS int64
	// ProviderCPU is the CPU time of all provider processes together, in
	// seconds, as of their last sample.
	ProviderCPU       float64
	ProviderProcesses int
	// TerraformPeakRSS is Terraform's own high-water mark, in bytes.
	TerraformPeakRSS int64
}

func (s *rssSampler) result() samplerResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := samplerResult{ProviderProcesses: len(s.providers), TerraformPeakRSS: s.parentHWM}
	var ticks int64
	for _, p := range s.providers {
		r.ProviderPeakRSS = max(r.ProviderPeakRSS, p.hwm)
		ticks += p.cpuTicks
	}
	r.ProviderCPU = float64(ticks) / clockTicks
	return r
}

// procStat is what the sampler needs from /proc/<pid>/stat.
type procStat struct {
	ppid     int
	cpuTicks int64
}

// readStat reads the parent pid and the CPU time (utime + stime) from
// /proc/<pid>/stat.
func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	// The command name in parentheses may contain spaces: fields count
	// from the last ')', where field 3 (state) is f[0].
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return procStat{}, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	utime, err2 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err3 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return procStat{}, false
	}
	return procStat{ppid: ppid, cpuTicks: utime + stime}, true
}

// readHWM reads VmHWM (peak resident set size) from /proc/<pid>/status.
func readHWM(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	return parseKB(b, "VmHWM:")
}

// parseKB finds "<key>   123 kB" in a /proc file and returns bytes.
func parseKB(b []byte, key string) (int64, bool) {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return 0, false
	}
	line := b[i+len(key):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	f := bytes.Fields(line)
	if len(f) == 0 {
		return 0, false
	}
	kb, err := strconv.ParseInt(string(f[0]), 10, 64)
	return kb * 1024, err == nil
}
