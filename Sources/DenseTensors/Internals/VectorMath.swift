// The only file of DenseTensors that sees the CVectorMath kernels; no C name leaves it.
import CVectorMath

@usableFromInline func _vectorExp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    vm_exp_f64(x, y, n)
}

@usableFromInline func _vectorExp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    vm_exp_f32(x, y, n)
}

@usableFromInline func _vectorLog(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    vm_log_f64(x, y, n)
}

@usableFromInline func _vectorLog(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    vm_log_f32(x, y, n)
}

/// The instruction set of the kernels: 0 portable, 1 AVX2 + FMA.
func _vectorMathActiveISA() -> Int { Int(vm_active_isa()) }

/// Forces an instruction set (0 portable, 1 AVX2 + FMA when available, −1 automatic).
func _vectorMathSelectISA(_ isa: Int) -> Int { Int(vm_select_isa(Int32(isa))) }
