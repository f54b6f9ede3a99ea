// The cors-sim executable. Everything is in the CORSSimCommand target.
import CORSSimCommand

CommandLineTool.main()
