import CommunityMatch
import Foundation
import MatchModel
import ScenarioIO

// libFuzzer target for the whole scenario reader: the input is split into the files of a scenario folder,
// written to a scratch folder and loaded by `ScenarioLoader.load(folder:)`, exactly as `cmatch validate`
// loads a folder.
//
// Input format (text-friendly, so that seeds are readable and mutations stay meaningful): sections that
// start with a line `### NAME` at the start of the input or after a line break; the bytes after that line,
// up to the next section, are the file NAME (communities.csv … pins.csv, scenario.yaml). A section
// `### !NAME` leaves the file out. Files no section names keep a small valid scenario's content, so a
// mutation in one file is read in the context of good ones and reaches reference and pin checks.
//
// Checked beyond "does not crash":
// - a load ends in a scenario, an InputError with at least one error, or UnreadableInput;
// - every diagnostic is positioned in a file of the folder (or scenario.yaml) with lines and columns ≥ 0;
// - every scenario that loads builds a model that ModelValidator accepts: what reaches GLPK is well-formed.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

let baseline: [String: String] = [
    "scenario.yaml": "name: fuzz\nweek: 2026-W48\n",
    "communities.csv": "id,name,street,lat,lon\nC1,文明街社区,华山街道,25.036,102.708\nC2,光华街社区,华山街道,25.036,102.714948\nC3,龙泉路社区,龙泉街道,25.06298,102.71\n",
    "units.csv": "id,name,kind,pledge_hours,contact\nU1,五华区人民医院,医院,8,李院长\nU2,文明街小学,学校,8,周校长\nU3,光华物业,企业,6,孙经理\n",
    "members.csv": "id,name,unit,community,skills,slots,max_hours,phone\nM01,李明,U1,C1,medical,Sat-AM|Sat-PM,4,13808711001\nM02,王芳,U1,C2,medical,Sat-AM,4,\nM03,张伟,U2,C1,tutoring,Mon-EVE|Wed-EVE,4,\nM04,刘洋,U2,C2,tutoring|driving,Wed-EVE|Sat-AM,4,\nM05,陈静,U3,C1,repair,weekend,4,\nM06,杨磊,U3,C3,driving,Sat-AM|Sun-AM,4,\n",
    "needs.csv": "id,community,category,title,headcount,hours,slots,skills,priority,vulnerable,resources,preferred_member,max_travel\nN01,C1,elderly-care,探访,1,1,Tue-EVE|Thu-EVE,,2,yes,,M03,\nN02,C2,elderly-care,陪同就医,1,3,Sat-AM,driving,1,yes,vehicle,,\nN03,C1,tutoring,作业辅导,1,2,Mon-EVE|Wed-EVE,tutoring,3,no,,,\nN04,C2,home-repair,水管维修,2,2,weekend,repair,3,no,funds=50,,20\n",
    "projects.csv": "id,community,title,category,slots,hours,roles,resources,beneficiaries,priority\nP1,C1,周六义诊,health-check,Sat-AM,3,medical:1-2;any:1-3,venue>=30,60,2\n",
    "resources.csv": "id,unit,kind,name,community,capacity,slots,quantity,tags\nR1,U1,venue,会议厅,C1,60,weekend,,hall\nR2,U3,vehicle,面包车,C2,7,Sat-AM|Sun-AM,,van\nR3,U2,funds,经费,,1,,300,\n",
    "travel.csv": "from,to,minutes\nC1,C3,12\n",
    "pins.csv": "task,member,slot\nN03,M03,Mon-EVE\n",
]
let fileNames = baseline.keys.sorted()

let folder: String = {
    var template = Array((NSTemporaryDirectory() + "/cmatch-fuzz-XXXXXX").utf8CString)
    guard let p = mkdtemp(&template) else { fatalError("cannot create a scratch folder") }
    return String(cString: p)
}()

func check(_ ok: Bool, _ what: @autoclosure () -> String) {
    if !ok {
        FileHandle.standardError.write(Data("broken promise: \(what())\n".utf8))
        abort()
    }
}

/// Splits the input into (name, bytes) sections; bytes before the first `### ` line are ignored.
func sections(_ b: UnsafeBufferPointer<UInt8>) -> [(String, ArraySlice<UInt8>)] {
    let marker: [UInt8] = Array("### ".utf8)
    var starts: [Int] = []
    var i = 0
    while i + marker.count <= b.count {
        if (i == 0 || b[i - 1] == 0x0A), b[i] == 0x23, b[i + 1] == 0x23, b[i + 2] == 0x23, b[i + 3] == 0x20 {
            starts.append(i)
        }
        i += 1
    }
    let all = Array(b)
    var out: [(String, ArraySlice<UInt8>)] = []
    for (k, s) in starts.enumerated() {
        let end = k + 1 < starts.count ? starts[k + 1] : all.count
        var nameEnd = s + marker.count
        while nameEnd < end, all[nameEnd] != 0x0A { nameEnd += 1 }
        let name = String(decoding: all[(s + marker.count)..<nameEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let body = nameEnd < end ? all[(nameEnd + 1)..<end] : []
        out.append((name, body))
    }
    return out
}

@_cdecl("fuzzScenarioReaderOne")
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    var files: [String: Data?] = baseline.mapValues { Data($0.utf8) }
    for (name, body) in sections(input) {
        if name.hasPrefix("!") {
            let n = String(name.dropFirst())
            if files[n] != nil { files[n] = .some(nil) }
        } else if files[name] != nil {
            files[name] = Data(body)
        }
    }
    let fm = FileManager.default
    for name in fileNames {
        let path = folder + "/" + name
        if case let data?? = files[name] {
            check(fm.createFile(atPath: path, contents: data), "cannot write \(path)")
        } else {
            unlink(path)
        }
    }
    do {
        let loaded = try ScenarioLoader.load(folder: folder)
        for d in loaded.warnings {
            check(d.severity == .warning, "an error among the warnings of a loaded scenario: \(d)")
            check(d.location.line >= 0 && d.location.column >= 0, "negative position: \(d)")
        }
        let problems = ModelValidator.validate(MatchingModel(scenario: loaded.scenario).model)
        check(problems.isEmpty, "a scenario that loads builds a model GLPK must not see: \(problems.prefix(3))")
    } catch let e as InputError {
        check(e.diagnostics.contains { $0.severity == .error }, "InputError without an error")
        for d in e.diagnostics {
            check(d.location.line >= 0 && d.location.column >= 0, "negative position: \(d)")
            check(!d.message.isEmpty, "empty message at \(d.location)")
        }
    } catch is UnreadableInput {
    } catch {
        check(false, "unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
