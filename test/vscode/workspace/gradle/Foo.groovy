class Foo {
    String greet(String name) {
        "Hello, ${name}"
    }
}
