// std::expected for standard libraries that lack it; with one that has it, just <expected>.
//
//   #include "core/expected_compat.h"
//   std::expected<int, Status> r = std::unexpected(InvalidArgument("no"));
//
// clang 14 with libstdc++ 12 (the fuzzing build) does not get <expected>: libstdc++ gates it on
// a concepts level clang 14 does not claim. This header fills in the part of std::expected
// civharm uses, built on std::variant, so the same code compiles there unchanged.
#pragma once

#include <version>
#if __has_include(<expected>)
#include <expected>  // defines __cpp_lib_expected when it provides std::expected
#endif

#if !defined(__cpp_lib_expected)

#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace std {

template <typename E>
class unexpected;

// Constraints of the constructors below, as the standard states them.
namespace civharm_expected {
template <typename U>
struct IsUnexpected : false_type {};
template <typename G>
struct IsUnexpected<unexpected<G>> : true_type {};

template <typename G, typename E, typename Self>
concept ErrorArg = !is_same_v<remove_cvref_t<G>, Self> &&
                   !is_same_v<remove_cvref_t<G>, in_place_t> && is_constructible_v<E, G>;
template <typename U, typename T, typename Self>
concept ValueArg =
    !is_same_v<remove_cvref_t<U>, in_place_t> && !is_same_v<remove_cvref_t<U>, Self> &&
    !IsUnexpected<remove_cvref_t<U>>::value && is_constructible_v<T, U>;
template <typename G, typename E>
concept ErrorFrom = is_constructible_v<E, G>;
template <typename G, typename E>
concept ErrorFromCopy = is_constructible_v<E, const G&>;
// What `expected == value` compares with: neither an expected nor an unexpected.
template <typename V>
concept ComparableValue = !IsUnexpected<V>::value && !requires {
  typename V::unexpected_type;
};
}  // namespace civharm_expected

template <typename E>
class unexpected {
 public:
  template <civharm_expected::ErrorArg<E, unexpected> G = E>
  constexpr explicit unexpected(G&& e) : error_(std::forward<G>(e)) {}

  constexpr const E& error() const& noexcept { return error_; }
  constexpr E& error() & noexcept { return error_; }
  constexpr const E&& error() const&& noexcept { return std::move(error_); }
  constexpr E&& error() && noexcept { return std::move(error_); }

  template <typename G>
  friend constexpr bool operator==(const unexpected& a, const unexpected<G>& b) {
    return a.error() == b.error();
  }

 private:
  E error_;
};

template <typename E>
unexpected(E) -> unexpected<E>;

struct unexpect_t {
  explicit unexpect_t() = default;
};
inline constexpr unexpect_t unexpect{};

template <typename E>
class bad_expected_access : public exception {
 public:
  explicit bad_expected_access(E e) : error_(std::move(e)) {}
  const char* what() const noexcept override { return "bad access to std::expected"; }
  const E& error() const& noexcept { return error_; }
  E& error() & noexcept { return error_; }

 private:
  E error_;
};

template <typename T, typename E>
class expected {
 public:
  using value_type = T;
  using error_type = E;
  using unexpected_type = unexpected<E>;

  constexpr expected() requires is_default_constructible_v<T> : v_(in_place_index<0>) {}
  constexpr expected(const expected&) = default;
  constexpr expected(expected&&) = default;
  constexpr expected& operator=(const expected&) = default;
  constexpr expected& operator=(expected&&) = default;

  // From a value: `return record;`, `return {};`, `return std::nullopt;` for an optional T.
  template <civharm_expected::ValueArg<T, expected> U = T>
  constexpr explicit(!is_convertible_v<U, T>) expected(U&& v)
      : v_(in_place_index<0>, std::forward<U>(v)) {}

  template <civharm_expected::ErrorFromCopy<E> G>
  constexpr explicit(!is_convertible_v<const G&, E>) expected(const unexpected<G>& u)
      : v_(in_place_index<1>, u.error()) {}
  template <civharm_expected::ErrorFrom<E> G>
  constexpr explicit(!is_convertible_v<G, E>) expected(unexpected<G>&& u)
      : v_(in_place_index<1>, std::move(u).error()) {}

  template <typename... Args>
  constexpr explicit expected(in_place_t, Args&&... args)
      : v_(in_place_index<0>, std::forward<Args>(args)...) {}
  template <typename... Args>
  constexpr explicit expected(unexpect_t, Args&&... args)
      : v_(in_place_index<1>, std::forward<Args>(args)...) {}

  template <civharm_expected::ValueArg<T, expected> U = T>
  constexpr expected& operator=(U&& v) {
    v_.template emplace<0>(std::forward<U>(v));
    return *this;
  }
  template <typename G>
  constexpr expected& operator=(const unexpected<G>& u) {
    v_.template emplace<1>(u.error());
    return *this;
  }
  template <typename G>
  constexpr expected& operator=(unexpected<G>&& u) {
    v_.template emplace<1>(std::move(u).error());
    return *this;
  }

  template <typename... Args>
  constexpr T& emplace(Args&&... args) {
    return v_.template emplace<0>(std::forward<Args>(args)...);
  }

  constexpr bool has_value() const noexcept { return v_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  // Unchecked in the standard; here a misuse stops the program at once instead of reading the
  // wrong alternative, which is what a fuzzing build wants to see.
  constexpr const T& operator*() const& noexcept { return *Value(); }
  constexpr T& operator*() & noexcept { return *Value(); }
  constexpr const T&& operator*() const&& noexcept { return std::move(*Value()); }
  constexpr T&& operator*() && noexcept { return std::move(*Value()); }
  constexpr const T* operator->() const noexcept { return Value(); }
  constexpr T* operator->() noexcept { return Value(); }

  constexpr const T& value() const& {
    ThrowIfError();
    return *Value();
  }
  constexpr T& value() & {
    ThrowIfError();
    return *Value();
  }
  constexpr const T&& value() const&& {
    ThrowIfError();
    return std::move(*Value());
  }
  constexpr T&& value() && {
    ThrowIfError();
    return std::move(*Value());
  }

  constexpr const E& error() const& noexcept { return *Error(); }
  constexpr E& error() & noexcept { return *Error(); }
  constexpr const E&& error() const&& noexcept { return std::move(*Error()); }
  constexpr E&& error() && noexcept { return std::move(*Error()); }

  template <typename U>
  constexpr T value_or(U&& other) const& {
    return has_value() ? *Value() : static_cast<T>(std::forward<U>(other));
  }
  template <typename U>
  constexpr T value_or(U&& other) && {
    return has_value() ? std::move(*Value()) : static_cast<T>(std::forward<U>(other));
  }

  template <typename T2, typename E2>
  friend constexpr bool operator==(const expected& a, const expected<T2, E2>& b) {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() ? *a == *b : a.error() == b.error();
  }
  template <civharm_expected::ComparableValue T2>
  friend constexpr bool operator==(const expected& a, const T2& v) {
    return a.has_value() && *a == v;
  }
  template <typename G>
  friend constexpr bool operator==(const expected& a, const unexpected<G>& u) {
    return !a.has_value() && a.error() == u.error();
  }

 private:
  constexpr const T* Value() const noexcept {
    if (v_.index() != 0) __builtin_trap();
    return get_if<0>(&v_);
  }
  constexpr T* Value() noexcept {
    if (v_.index() != 0) __builtin_trap();
    return get_if<0>(&v_);
  }
  constexpr const E* Error() const noexcept {
    if (v_.index() != 1) __builtin_trap();
    return get_if<1>(&v_);
  }
  constexpr E* Error() noexcept {
    if (v_.index() != 1) __builtin_trap();
    return get_if<1>(&v_);
  }
  constexpr void ThrowIfError() const {
    if (!has_value()) throw bad_expected_access<E>(*Error());
  }

  // Index 0 holds the value and 1 the error, so T and E may even be the same type.
  variant<T, E> v_;
};

}  // namespace std

#endif  // __cpp_lib_expected
