fn main() {
    let g = lookalike::Generator::default();
    let mut n = 0;
    for _ in 0..40 {
        n += g.variants("paypal.com").unwrap().len();
    }
    println!("{n}");
}
